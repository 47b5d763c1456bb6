#!/usr/bin/env python3
"""Exports small PyTorch models to ONNX for the importer test.

Usage: export_torch_models.py OUTDIR

Writes NAME.onnx, NAME_input.npy and NAME_expected.npy (PyTorch's output on
that input) for each model, and the model names one per line to
OUTDIR/models.txt. Needs only torch and numpy (no torchvision); seeded, so
every run exports the same weights.
"""
import os
import sys

import numpy as np
import torch
from torch import nn


class LeNet(nn.Module):
    """Caffe's LeNet shape at 16x16; `view(size(0), -1)` with a dynamic
    batch exports the Shape/Gather/Unsqueeze/Concat/Reshape chain."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.MaxPool2d(2, ceil_mode=True)
        self.fc1 = nn.Linear(16 * 2 * 2, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, x):
        x = nn.functional.max_pool2d(torch.relu(self.conv1(x)), 2)
        x = self.pool2(torch.relu(self.conv2(x)))
        x = x.view(x.size(0), -1)
        return self.fc2(torch.relu(self.fc1(x)))


class BasicBlock(nn.Module):
    """ResNet's basic block with a strided 1x1 projection shortcut."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.downsample(x))


class ResNetBlockNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.layer1 = BasicBlock(8, 16, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.pool(self.layer1(x))
        return self.fc(torch.flatten(x, 1))


class MLP(nn.Module):
    """Linear layers (Gemm), dropout, a raw `x @ W + b` (MatMul + Add) and
    softmax."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(20, 32)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(32, 16)
        self.w3 = nn.Parameter(torch.randn(16, 10) * 0.3)
        self.b3 = nn.Parameter(torch.randn(10) * 0.3)

    def forward(self, x):
        x = self.drop(torch.relu(self.fc1(x)))
        x = torch.relu(self.fc2(x))
        return torch.softmax(torch.matmul(x, self.w3) + self.b3, dim=1)


def randomize_batch_norm(model):
    """Non-trivial running statistics and affine parameters."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)


def export(outdir, name, model, x, opset, dynamic_batch, keep_bn=False):
    model.eval()
    with torch.no_grad():
        y = model(x)
    kwargs = {}
    if keep_bn:
        # The default (EVAL) folds BatchNormalization into the convolutions;
        # PRESERVE keeps it as a node (in inference mode, as the model is).
        # Constant folding is meant for EVAL exports and warns otherwise.
        kwargs["training"] = torch.onnx.TrainingMode.PRESERVE
        kwargs["do_constant_folding"] = False
    if dynamic_batch:
        kwargs["dynamic_axes"] = {"input": {0: "batch"},
                                  "output": {0: "batch"}}
    torch.onnx.export(model, x, os.path.join(outdir, name + ".onnx"),
                      opset_version=opset, input_names=["input"],
                      output_names=["output"], **kwargs)
    np.save(os.path.join(outdir, name + "_input.npy"), x.numpy())
    np.save(os.path.join(outdir, name + "_expected.npy"), y.numpy())
    return name


def main():
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    torch.manual_seed(0)
    names = [
        export(outdir, "torch_lenet", LeNet(), torch.randn(2, 1, 16, 16), 11,
               dynamic_batch=True),
    ]
    block = ResNetBlockNet()
    randomize_batch_norm(block)
    x = torch.randn(2, 3, 8, 8)
    names.append(export(outdir, "torch_resnet_block", block, x, 13,
                        dynamic_batch=False, keep_bn=True))
    names.append(export(outdir, "torch_resnet_block_folded", block, x, 13,
                        dynamic_batch=False))
    names.append(export(outdir, "torch_mlp", MLP(), torch.randn(4, 20), 17,
                        dynamic_batch=False))
    with open(os.path.join(outdir, "models.txt"), "w") as f:
        f.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
