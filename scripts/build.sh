#!/usr/bin/env bash
# Configures and builds sslc into ${SSLC_BUILD_DIR:-build} (Release, Ninja).
#   SSLC_JOBS   parallel compile jobs (default 2)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${SSLC_BUILD_DIR:-$root/build}"
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  # Paths relative to the checkout, so another clone or build folder of
  # the same sources hits the same cache entries.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}"
fi
cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
if (($#)); then
  cmake --build "$build" -j "${SSLC_JOBS:-2}" --target "$@"
else
  cmake --build "$build" -j "${SSLC_JOBS:-2}"
fi
