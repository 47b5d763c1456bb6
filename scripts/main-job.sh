#!/usr/bin/env bash
# sslc's main job on a fresh machine: set up, build, compile the MLP of the
# SSL paper (784-500-300-10) ahead of time into a static library, JIT-run it
# on MNIST test images and time it.
#   SSLC_OUT    where the artefacts go (default: out/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" sslc
sslc="${SSLC_BUILD_DIR:-$root/build}/bin/sslc"
out="${SSLC_OUT:-$root/out}"
data="${SSLC_DATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sslc}/mnist"
mkdir -p "$out"

echo "== AOT: static library with embedded weights"
"$sslc" compile mlp --batch 8 -o "$out/mlp"

echo "== JIT: run on the first 8 MNIST test images"
python3 "$root/scripts/idx_to_npy.py" "$data/t10k-images-idx3-ubyte" 8 \
  "$out/mnist8.npy"
"$sslc" run mlp --input "$out/mnist8.npy" --output "$out/logits8.npy"
python3 "$root/scripts/print_npy.py" "$out/logits8.npy"

echo "== latency"
"$sslc" bench mlp --batch 1 --threads 1
"$sslc" bench mlp --batch 8 --threads 2
