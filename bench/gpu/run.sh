#!/usr/bin/env bash
# On the GPU machine: runs the checker built by bench/gpu/build.sh.
#   bench/gpu/run.sh N C H W OUT   (LeNet at batch 1: 1 1 28 28 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="${OUT:-$root/out/gpu}"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
"$out/gpu_check" "$@"
