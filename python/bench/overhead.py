"""The Python call overhead of sslc.compile: batch-1 pruned LeNet called from
Python (numpy in, new numpy out; numpy in, out= given; torch in, out= given)
against the same network through the C++ API, in one run: CompiledModel::run
in a C++ loop on the same model and arrays (the overhead is the difference),
and the separate C++ program sslc_api_overhead (its own process and buffers).

    PYTHONPATH=BUILD/python /usr/bin/python3 python/bench/overhead.py \
        BUILD/bin/sslc_api_overhead [--threads 1] [--runs 500] [--rounds 15]
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
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        weights = write_safetensors(os.path.join(tmp, "lenet.safetensors"),
                                    sparse_lenet_weights())
        compiled = sslc.compile(sslc.load("lenet", weights=weights),
                                threads=args.threads, prune=True)
        # The input sslc_api_overhead builds, so both runs can be compared.
        x = ((np.arange(784, dtype=np.int64) * 2654435761) % 1000 / 1000.0
             ).astype(np.float32).reshape(1, 1, 28, 28)
        out = np.empty((1, 10), np.float32)
        xt, outt = torch.from_numpy(x.copy()), torch.empty(1, 10)
        # Rounds alternate between the two so load from other processes hits
        # both alike; each figure is the best round's median.
        rounds = []
        for _ in range(args.rounds):
            py = {
                "py_numpy_new_output_us": median_us(lambda: compiled(x), args.runs),
                "py_numpy_out_us": median_us(lambda: compiled(x, out=out), args.runs),
                "py_torch_out_us": median_us(lambda: compiled(xt, out=outt), args.runs),
                # CompiledModel::run in a C++ loop, same process and arrays.
                "cpp_in_process_us": sslc._sslc._median_cpp_run_us(
                    compiled, x, out, args.runs),
            }
            cpp = json.loads(subprocess.run(
                [args.cpp_bench, "lenet", weights, str(args.threads), str(args.runs)],
                check=True, capture_output=True, text=True).stdout)
            rounds.append({**py, **cpp})
        # The same network computed the same output in both.
        np.testing.assert_allclose(compiled(x)[0, 0], rounds[0]["y0"], rtol=1e-5)
    result = {k: min(r[k] for r in rounds) for k in rounds[0] if k != "y0"}
    result.update(threads=args.threads, runs=args.runs, rounds=args.rounds)
    # The overhead of each Python form: the median over rounds of its median
    # minus the C++ loop's median of the same round (load shared by both).
    for name in ("py_numpy_new_output", "py_numpy_out", "py_torch_out"):
        diffs = sorted(r[name + "_us"] - r["cpp_in_process_us"] for r in rounds)
        result[name + "_overhead_us"] = diffs[len(diffs) // 2]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
