#!/usr/bin/python3
"""Whole torchvision networks at batch 1: sslc against PyTorch, same run.

Exports each model (random weights, eval mode) to ONNX and times, one
after the other, `sslc bench FILE --json` (the user's path: import,
Halide, the JIT code; compile not timed) and PyTorch on the same model
after `torch.jit.freeze` and `torch.jit.optimize_for_inference`, both on
--threads threads. The two alternate for --rounds rounds and each keeps
its best median, so that a change in a busy machine's load does not land
on one side only. Prints per model both medians and PyTorch's time over
sslc's (above 1: sslc is faster).

usage: bench/torchvision_bench.py [--build DIR] [--models resnet18,...]
                                  [--threads T] [--runs N] [--rounds R]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import torch
import torchvision


def torch_median_ms(model, x, runs):
    with torch.no_grad():
        for _ in range(10):
            model(x)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def sslc_median_ms(sslc, path, threads, runs):
    out = subprocess.run(
        [sslc, "bench", path, "--threads", str(threads), "--runs", str(runs),
         "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])["median_ms"]


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--build", default=os.path.join(root, "build"))
    p.add_argument("--models", default="resnet18")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args()
    sslc = os.path.join(args.build, "bin", "sslc")
    if not os.access(sslc, os.X_OK):
        sys.exit(f"{sslc}: no sslc binary (build first, or pass --build)")
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    print(f"threads {args.threads}, batch 1, best median of {args.rounds} "
          f"rounds of {args.runs} runs")
    print(f"{'model':<20} {'sslc ms':>9} {'torch ms':>9} {'torch/sslc':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.models.split(","):
            model = getattr(torchvision.models, name)().eval()
            x = torch.randn(1, 3, 224, 224)
            path = os.path.join(tmp, name + ".onnx")
            torch.onnx.export(model, x, path, opset_version=13)
            frozen = torch.jit.optimize_for_inference(
                torch.jit.freeze(torch.jit.script(model)))
            best_sslc = best_torch = float("inf")
            for _ in range(args.rounds):
                best_sslc = min(best_sslc, sslc_median_ms(
                    sslc, path, args.threads, args.runs))
                best_torch = min(best_torch,
                                 torch_median_ms(frozen, x, args.runs))
            print(f"{name:<20} {best_sslc:9.2f} {best_torch:9.2f} "
                  f"{best_torch / best_sslc:9.2f}x", flush=True)


if __name__ == "__main__":
    main()
