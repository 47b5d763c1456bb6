#!/usr/bin/env bash
# Builds sslc and its whole test suite with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs it through ctest: a use after free, an
# out-of-bounds access, a use of a map entry after the map grew or an
# overflow in our code fails the suite. Halide's generated code and the
# prebuilt MLIR/Halide libraries are not instrumented.
#
#   scripts/sanitize.sh [CTEST_ARGS...]    e.g. -R SslcReliability
#   SSLC_SANITIZE_BUILD_DIR   build folder (default: build-sanitize)
#   SSLC_JOBS                 parallel compile jobs (default 2)
#   SSLC_SANITIZE_TARGETS     build only these targets (default: all), e.g.
#                             "ReaderReliabilityTest NpyTest" with
#                             -R 'ReaderReliability|Npy' to run a part
#   ASAN_OPTIONS              default detect_leaks=0 (LLVM and Halide keep
#                             global allocations alive until exit) and
#                             allow_user_poisoning=0 (LLVM's allocator
#                             headers poison arenas that the uninstrumented
#                             MLIR libraries then write to)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SSLC_SANITIZE_BUILD_DIR:-$root/build-sanitize}"
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined"
flags+=" -fno-sanitize-recover=undefined"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
fi
# Python and the installed-API consumer are not instrumented: their tests
# preload the sanitizer runtimes.
preload="$(${CXX:-c++} -print-file-name=libasan.so);$(${CXX:-c++} -print-file-name=libubsan.so)"
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSSLC_TEST_PRELOAD="$preload" \
  -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  "${launcher[@]}" >/dev/null
targets=()
[[ -n "${SSLC_SANITIZE_TARGETS:-}" ]] && targets=(--target $SSLC_SANITIZE_TARGETS)
cmake --build "$build" -j "${SSLC_JOBS:-2}" "${targets[@]}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:allow_user_poisoning=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --test-dir "$build" --output-on-failure -j "${SSLC_JOBS:-2}" "$@"
