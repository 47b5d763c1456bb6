#!/usr/bin/python3
"""AlexNet's SSL #2 layers through the user path: ONNX -> sslc bench --prune.

Exports each of CaffeNet's conv1-5 as a one-conv ONNX file from PyTorch
(groups as in CaffeNet: 2 on conv2, conv4 and conv5) with the structure of
Wen et al. (2016), Table 4, SSL #2: in every group the given fraction of
filters (rows) and of filter-shape columns is zero; a zero filter keeps a
non-zero bias, and since the conv is the model's result its channel cannot
be deleted. Then, in the same run and one after the other, times
`sslc bench FILE --prune` (import, ssl-prune, Halide, as a user runs it)
and the oneDNN primitive on the dense layer (`conv_bench --onednn-only`),
and prints per layer the speedup, the FLOP ideal (dense FLOPs / FLOPs left)
and the fraction of the ideal reached. The two processes alternate for
--rounds rounds and each side keeps its best median, so that a change in
a busy machine's load does not land on one side only.

usage: bench/ssl_onnx_bench.py [--build DIR] [--threads T] [--runs N]
                               [--rounds R] [--keep DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

# name, C, H=W, O, K, stride, pad, groups (CaffeNet conv1-5)
LAYERS = [
    ("alexnet.conv1", 3, 227, 96, 11, 4, 0, 1),
    ("alexnet.conv2", 96, 27, 256, 5, 1, 2, 2),
    ("alexnet.conv3", 256, 13, 384, 3, 1, 1, 1),
    ("alexnet.conv4", 384, 13, 384, 3, 1, 1, 2),
    ("alexnet.conv5", 384, 13, 256, 3, 1, 1, 2),
]
# (column sparsity, row sparsity) of SSL #2, Table 4.
SSL2 = [(0.0, 0.094), (0.632, 0.129), (0.769, 0.406), (0.847, 0.469),
        (0.807, 0.0)]


def out_size(hw, k, stride, pad):
    return (hw + 2 * pad - k) // stride + 1


def export(layer, sparsity, path, seed):
    name, C, HW, O, K, stride, pad, groups = layer
    col, row = sparsity
    rng = np.random.default_rng(seed)
    conv = torch.nn.Conv2d(C, O, K, stride=stride, padding=pad, groups=groups)
    Og, Cg = O // groups, C // groups
    columns = Cg * K * K
    w = rng.uniform(-1, 1, size=(O, columns)).astype(np.float32)
    b = rng.uniform(0.1, 1, size=O).astype(np.float32)
    live_rows = max(1, round(Og * (1 - row)))
    live_cols = max(1, round(columns * (1 - col)))
    macs = 0
    for g in range(groups):
        rows = slice(g * Og, (g + 1) * Og)
        dead_cols = rng.permutation(columns)[live_cols:]
        w[rows, dead_cols] = 0
        dead_rows = g * Og + rng.permutation(Og)[live_rows:]
        w[dead_rows, :] = 0
        macs += live_rows * live_cols
    with torch.no_grad():
        conv.weight.copy_(torch.from_numpy(w.reshape(O, Cg, K, K)))
        conv.bias.copy_(torch.from_numpy(b))
    x = torch.randn(1, C, HW, HW)
    torch.onnx.export(conv, x, path, opset_version=13, input_names=["x"],
                      output_names=["y"])
    ohw = out_size(HW, K, stride, pad)
    dense = 2.0 * O * Cg * K * K * ohw * ohw
    return dense, 2.0 * macs * ohw * ohw


def sslc_ms(build, path, threads, runs):
    out = subprocess.run(
        [os.path.join(build, "bin", "sslc"), "bench", path, "--prune",
         "--threads", str(threads), "--runs", str(runs), "--json"],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["median_ms"]


def onednn_ms(build, name, threads, runs):
    out = subprocess.run(
        [os.path.join(build, "bin", "conv_bench"), "--onednn-only", "--layer",
         name, "--batch", "1", "--threads", str(threads), "--runs", str(runs)],
        check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] == name:
            return float(fields[-1])
    raise RuntimeError("conv_bench printed no time for " + name + ":\n" + out)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=os.environ.get("SSLC_BUILD_DIR", "build"))
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--keep", help="write the ONNX files here")
    a = p.parse_args()
    directory = a.keep or tempfile.mkdtemp(prefix="ssl_onnx_bench")
    os.makedirs(directory, exist_ok=True)
    print("AlexNet SSL #2 layers from ONNX, sslc bench --prune vs oneDNN "
          "dense, batch 1, %d thread(s)" % a.threads)
    print("%-14s %6s %6s %10s %10s %8s %9s %8s" %
          ("layer", "col %", "row %", "oneDNN ms", "sslc ms", "speedup",
           "FLOP ideal", "reached"))
    speedups, ideals = [], []
    for i, (layer, ssl) in enumerate(zip(LAYERS, SSL2)):
        path = os.path.join(directory, layer[0] + ".onnx")
        dense, pruned = export(layer, ssl, path, 100 + i)
        ours = peer = float("inf")
        for _ in range(a.rounds):
            ours = min(ours, sslc_ms(a.build, path, a.threads, a.runs))
            peer = min(peer, onednn_ms(a.build, layer[0], a.threads, a.runs))
        speedup, ideal = peer / ours, dense / pruned
        speedups.append(speedup)
        ideals.append(ideal)
        print("%-14s %6.1f %6.1f %10.3f %10.3f %7.2fx %8.2fx %7.0f%%" %
              (layer[0], 100 * ssl[0], 100 * ssl[1], peer, ours, speedup,
               ideal, 100 * speedup / ideal))
        sys.stdout.flush()
    print("mean speedup over oneDNN dense: %.2fx (FLOP ideal %.2fx)" %
          (sum(speedups) / len(speedups), sum(ideals) / len(ideals)))


if __name__ == "__main__":
    main()
