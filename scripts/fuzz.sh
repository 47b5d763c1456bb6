#!/usr/bin/env bash
# Builds the fuzz targets (test/fuzz) with clang-22, libFuzzer, AddressSanitizer
# and UndefinedBehaviorSanitizer, then fuzzes each reader from its committed
# corpus. New interesting inputs go to a scratch corpus in the build folder;
# a crash is written into test/fuzz/corpus/<reader>/ so that, once committed,
# ctest replays it (fuzz-corpus-<reader>) with the normal compiler.
#
#   scripts/fuzz.sh [SECONDS] [READER...]   readers: npy safetensors idx onnx
#                                            mlir (default: all, 60 s each)
#   SSLC_FUZZ_BUILD_DIR   build folder (default: build-fuzz)
#   SSLC_JOBS             parallel compile jobs (default 2)
#
# Needs clang-22 and libfuzzer-22-dev (scripts/setup.sh --fuzz).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SSLC_FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${1:-60}"
shift || true
readers=("$@")
((${#readers[@]})) || readers=(npy safetensors idx onnx mlir)

for tool in clang-22 clang++-22; do
  command -v "$tool" >/dev/null 2>&1 ||
    { echo "fuzz: $tool not found (scripts/setup.sh --fuzz installs it)" >&2; exit 1; }
done

flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined"
flags+=" -fno-sanitize-recover=undefined -fsanitize=fuzzer-no-link"
launcher=()
command -v ccache >/dev/null 2>&1 &&
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DSSLC_LIBFUZZER=ON "${launcher[@]}" >/dev/null
targets=()
for r in "${readers[@]}"; do targets+=("fuzz-$r"); done
cmake --build "$build" -j "${SSLC_JOBS:-2}" --target "${targets[@]}"

# The prebuilt MLIR and LLVM libraries are not instrumented, but LLVM's
# allocator headers poison memory when our code is: manual poisoning off,
# or MLIR's own writes into its arenas read as use-after-poison.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
for r in "${readers[@]}"; do
  work="$build/fuzz-corpus/$r"
  mkdir -p "$work"
  echo "fuzz: $r for $seconds s"
  # libFuzzer exits non-zero on a crash, a leak or a timeout; its final
  # stats (executed units, corpus size) are the record of the run.
  rc=0
  "$build/bin/fuzz-$r" "$work" "$root/test/fuzz/corpus/$r" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 \
    -artifact_prefix="$root/test/fuzz/corpus/$r/" \
    -print_final_stats=1 >"$build/fuzz-$r.log" 2>&1 || rc=$?
  grep -E "^(Done [0-9]+ runs|stat::number_of_executed_units|stat::new_units_added|==[0-9]+==ERROR|SUMMARY)" \
    "$build/fuzz-$r.log" || true
  if ((rc != 0)); then
    echo "fuzz: $r FAILED (exit $rc; see $build/fuzz-$r.log; the input is under test/fuzz/corpus/$r/)"
    status=1
  fi
done
exit $status
