#!/usr/bin/env bash
# Builds, on this machine (no GPU needed), everything the GPU check runs:
# MODEL compiled for the host CPU and for CUDA, and the checker linked
# against both. Output in ${OUT:-out/gpu}; carry that folder to the GPU
# machine and run bench/gpu/run.sh there.
#   bench/gpu/build.sh [MODEL] [BATCH]    (default: lenet 1)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
model="${1:-lenet}"
batch="${2:-1}"
out="${OUT:-$root/out/gpu}"
sslc="${SSLC_BUILD_DIR:-$root/build}/bin/sslc"
mkdir -p "$out"
# Halide 14 knows CUDA capabilities up to 8.6; the PTX it emits is compiled
# by the driver for newer GPUs (H100/H200 are 9.0).
"$sslc" compile "$model" --batch "$batch" -o "$out/model_cpu"
"$sslc" compile "$model" --batch "$batch" \
  --target host-cuda-cuda_capability_86 -o "$out/model_gpu"
c++ -std=c++17 -O2 -I"$out" -I/usr/include/halide14 \
  "$root/bench/gpu/gpu_check.cpp" "$out/model_cpu.a" "$out/model_gpu.a" \
  -lpthread -ldl -o "$out/gpu_check"
echo "built $out/gpu_check for $model (batch $batch)"
