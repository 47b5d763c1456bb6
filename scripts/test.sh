#!/usr/bin/env bash
# The whole test suite from a fresh machine: dependencies and data, build,
# then every lit and gtest test through one ctest run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
ctest --test-dir "${SSLC_BUILD_DIR:-$root/build}" --output-on-failure \
  -j "${SSLC_JOBS:-2}"
