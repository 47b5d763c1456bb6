#!/usr/bin/env bash
# Wall time of `sslc run` (compile included) on ONNX models: cold (an empty
# compile cache), warm (the next process, loading the cache entry) and in
# process (--cache-dir off), each cold/warm pair --reps times.
#   usage: bench/compile_time.sh [--build DIR] [--reps N] INPUT.npy MODEL.onnx...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SSLC_BUILD_DIR:-$root/build}"
reps=2
while (($#)); do
  case "$1" in
  --build) build="$2"; shift 2 ;;
  --reps) reps="$2"; shift 2 ;;
  *) break ;;
  esac
done
if (($# < 2)); then
  echo "usage: bench/compile_time.sh [--build DIR] [--reps N] INPUT.npy MODEL.onnx..." >&2
  exit 2
fi
input="$1"
shift
sslc="$build/bin/sslc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seconds() { # command... -> wall seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
printf '%-24s %-6s %8s %8s\n' model run cold_s warm_s
for model in "$@"; do
  name=$(basename "$model" .onnx)
  for ((r = 1; r <= reps; ++r)); do
    rm -rf "$work/cache"
    cold=$(seconds "$sslc" run "$model" --input "$input" --output "$work/y.npy" --cache-dir "$work/cache")
    warm=$(seconds "$sslc" run "$model" --input "$input" --output "$work/y.npy" --cache-dir "$work/cache")
    printf '%-24s %-6s %8.2f %8.2f\n' "$name" "$r" "$cold" "$warm"
  done
  off=$(seconds "$sslc" run "$model" --input "$input" --output "$work/y.npy" --cache-dir off)
  printf '%-24s %-6s %8.2f %8s\n' "$name" "off" "$off" "-"
done
