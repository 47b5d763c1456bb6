#!/usr/bin/env bash
# sslc's main job on a fresh machine: set up, build, then the SSL workflow
# on MNIST from scratch —
#   1. train LeNet densely (warm-up),
#   2. SSL from those weights: filter, channel and column group Lasso with
#      the proximal update, which puts dead groups exactly on zero,
#   3. fine-tune with the dead groups frozen (group-wise: single zeros
#      inside live groups train again),
#   4. report the learned structure (table + figures),
#   5. prune (delete every all-zero group) and check on the whole test set
#      that pruned and unpruned predictions agree,
#   6. compile the pruned network ahead of time (static library + header,
#      weights embedded) and time dense vs pruned JIT code.
#   SSLC_OUT     artefacts (default: out/)
#   SSLC_DENSE_EPOCHS, SSLC_SSL_EPOCHS, SSLC_FT_EPOCHS  epochs of the three
#                training stages (default 2, 3 and 4)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" sslc
sslc="${SSLC_BUILD_DIR:-$root/build}/bin/sslc"
out="${SSLC_OUT:-$root/out}"
dense_epochs="${SSLC_DENSE_EPOCHS:-2}"
ssl_epochs="${SSLC_SSL_EPOCHS:-3}"
ft_epochs="${SSLC_FT_EPOCHS:-4}"
threads=$(nproc)
mkdir -p "$out"
start=$(date +%s)
# Caffe's LeNet solver: momentum 0.9, weight decay 5e-4, lr 0.01 on the inv
# curve, which each stage restarts.
solver=(--batch 64 --lr 0.01 --momentum 0.9 --weight-decay 0.0005
  --lr-policy inv --threads "$threads" --eval-samples 2000)

echo "== 1. dense warm-up: LeNet on MNIST, $dense_epochs epochs"
"$sslc" train --model lenet --dataset mnist --epochs "$dense_epochs" "${solver[@]}" \
  --seed 1 -o "$out/lenet_dense.safetensors"

echo "== 2. SSL: filter, channel and column groups, proximal update, $ssl_epochs epochs"
"$sslc" train --model lenet --dataset mnist --epochs "$ssl_epochs" "${solver[@]}" \
  --init "$out/lenet_dense.safetensors" --seed 2 \
  --ssl filter=0.08,channel=0.08,column=0.01,conv2.filter=0.3 \
  --ssl-update proximal -o "$out/lenet_ssl.safetensors"

echo "== 3. group-wise fine-tuning with the dead groups frozen, $ft_epochs epochs"
"$sslc" train --model lenet --dataset mnist --epochs "$ft_epochs" "${solver[@]}" \
  --init "$out/lenet_ssl.safetensors" --finetune groups --seed 3 \
  -o "$out/lenet.safetensors"

echo "== 4. learned structure"
"$sslc" report lenet --weights "$out/lenet.safetensors" -o "$out/figures"

echo "== 5. test set, unpruned and pruned"
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

echo "== 6. AOT library of the pruned network, and latency (batch 1, 1 thread)"
"$sslc" compile lenet --weights "$out/lenet.safetensors" --prune \
  -o "$out/lenet_pruned"
"$sslc" bench lenet --weights "$out/lenet.safetensors" --threads 1 --runs 200
"$sslc" bench lenet --weights "$out/lenet.safetensors" --threads 1 --runs 200 \
  --prune
echo "== done in $(( $(date +%s) - start )) s after set-up; artefacts in $out"
