#!/usr/bin/env bash
# sslc's main job on a fresh machine: set up, build, then the SSL workflow
# on MNIST from scratch —
#   1. train LeNet with filter/channel/column group Lasso (short schedule),
#   2. fine-tune with the learned zeros frozen,
#   3. report the learned structure (table + figures),
#   4. prune (delete every all-zero group) and check on the whole test set
#      that pruned and unpruned predictions agree,
#   5. compile the pruned network ahead of time (static library + header,
#      weights embedded) and time dense vs pruned JIT code.
#   SSLC_OUT     artefacts (default: out/)
#   SSLC_EPOCHS  SSL epochs (default 2); fine-tuning runs 1 more
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" sslc
sslc="${SSLC_BUILD_DIR:-$root/build}/bin/sslc"
out="${SSLC_OUT:-$root/out}"
epochs="${SSLC_EPOCHS:-2}"
threads=$(nproc)
mkdir -p "$out"
start=$(date +%s)

echo "== 1. SSL training: LeNet on MNIST, $epochs epochs"
"$sslc" train --model lenet --dataset mnist --epochs "$epochs" \
  --threads "$threads" --ssl filter=0.04,channel=0.04,column=0.004 \
  --eval-samples 2000 -o "$out/lenet_ssl.safetensors"

echo "== 2. fine-tuning with the zeros frozen"
"$sslc" train --model lenet --dataset mnist --epochs 1 --lr 0.005 \
  --threads "$threads" --init "$out/lenet_ssl.safetensors" --finetune \
  --eval-samples 2000 -o "$out/lenet.safetensors"

echo "== 3. learned structure"
"$sslc" report lenet --weights "$out/lenet.safetensors" -o "$out/figures"

echo "== 4. test set, unpruned and pruned"
"$sslc" eval lenet --weights "$out/lenet.safetensors" --dataset mnist \
  --threads "$threads" --predictions "$out/predictions_dense.npy"
"$sslc" eval lenet --weights "$out/lenet.safetensors" --dataset mnist \
  --threads "$threads" --prune --predictions "$out/predictions_pruned.npy"
if cmp -s "$out/predictions_dense.npy" "$out/predictions_pruned.npy"; then
  echo "pruned and unpruned predictions agree on all 10000 test images"
else
  echo "pruned and unpruned predictions differ" >&2
  exit 1
fi

echo "== 5. AOT library of the pruned network, and latency (batch 1, 1 thread)"
"$sslc" compile lenet --weights "$out/lenet.safetensors" --prune \
  -o "$out/lenet_pruned"
"$sslc" bench lenet --weights "$out/lenet.safetensors" --threads 1 --runs 200
"$sslc" bench lenet --weights "$out/lenet.safetensors" --threads 1 --runs 200 \
  --prune
echo "== done in $(( $(date +%s) - start )) s after set-up; artefacts in $out"
