"""The Python call overhead of sslc.compile: batch-1 pruned LeNet called from
Python (numpy in, new numpy out; numpy in, out= given; torch in, out= given)
against the same network through the C++ API (sslc_api_overhead), in one run.

    PYTHONPATH=BUILD/python /usr/bin/python3 python/bench/overhead.py \
        BUILD/bin/sslc_api_overhead [--threads 1] [--runs 2000]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch

import sslc

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests"))
from conftest import write_safetensors  # noqa: E402


def sparse_lenet_weights():
    """LeNet with the sparsity SSL learns on MNIST (Wen et al., table 2):
    conv1 keeps 5 of 20 filters, conv2 19 of 50, ip1 the columns they feed."""
    state = sslc.load("lenet").state_dict()
    state["conv1.weight"][5:] = 0
    state["conv1.bias"][5:] = 0
    state["conv2.weight"][19:] = 0
    state["conv2.bias"][19:] = 0
    return state


def median_us(call, runs):
    for _ in range(20):
        call()
    times = []
    for _ in range(runs):
        start = time.perf_counter_ns()
        call()
        times.append((time.perf_counter_ns() - start) / 1000)
    times.sort()
    return times[len(times) // 2]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cpp_bench")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        weights = write_safetensors(os.path.join(tmp, "lenet.safetensors"),
                                    sparse_lenet_weights())
        compiled = sslc.compile(sslc.load("lenet", weights=weights),
                                threads=args.threads, prune=True)
        x = np.random.default_rng(0).random((1, 1, 28, 28), dtype=np.float32)
        out = np.empty((1, 10), np.float32)
        xt, outt = torch.from_numpy(x.copy()), torch.empty(1, 10)
        py = {
            "py_numpy_new_output_us": median_us(lambda: compiled(x), args.runs),
            "py_numpy_out_us": median_us(lambda: compiled(x, out=out), args.runs),
            "py_torch_out_us": median_us(lambda: compiled(xt, out=outt), args.runs),
        }
        cpp = json.loads(subprocess.run(
            [args.cpp_bench, "lenet", weights, str(args.threads), str(args.runs)],
            check=True, capture_output=True, text=True).stdout)
    result = {**py, **cpp, "threads": args.threads, "runs": args.runs}
    result["overhead_us"] = py["py_numpy_new_output_us"] - cpp["cpp_raw_us"]
    result["overhead_out_us"] = py["py_numpy_out_us"] - cpp["cpp_raw_us"]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
