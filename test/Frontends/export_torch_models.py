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


def conv_bn(cin, cout, kernel, stride=1, groups=1, activation=None):
    """A bias-free convolution, batch norm and an optional activation, the
    unit torchvision's mobile networks are built of."""
    layers = [nn.Conv2d(cin, cout, kernel, stride, kernel // 2,
                        groups=groups, bias=False), nn.BatchNorm2d(cout)]
    if activation is not None:
        layers.append(activation)
    return nn.Sequential(*layers)


class InvertedResidual(nn.Module):
    """MobileNet v2's block: expand, ReLU6 (Clip), depthwise, ReLU6,
    project, shortcut; a pooled linear head. A hardtanh and a clamp with
    only a lower bound are Clips with other bounds."""

    def __init__(self):
        super().__init__()
        self.expand = conv_bn(8, 24, 1, activation=nn.ReLU6())
        self.dw = conv_bn(24, 24, 3, groups=24, activation=nn.ReLU6())
        self.project = conv_bn(24, 8, 1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = x + self.project(self.dw(self.expand(x)))
        x = torch.clamp(nn.functional.hardtanh(x, -1.0, 2.5), min=-0.5)
        x = nn.functional.adaptive_avg_pool2d(x, 1)
        return self.fc(torch.flatten(x, 1))


class SqueezeExcitation(nn.Module):
    """torchvision's SE block: the gate [N, C, 1, 1] multiplies the input
    as `scale * input`, so the broadcast operand comes first."""

    def __init__(self, channels, squeeze, activation, gate):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)
        self.activation = activation
        self.gate = gate

    def forward(self, x):
        s = nn.functional.adaptive_avg_pool2d(x, 1)
        s = self.gate(self.fc2(self.activation(self.fc1(s))))
        return s * x


class MobileNetV3Block(nn.Module):
    """Hardswish (HardSigmoid and Mul before opset 14, HardSwish from 14),
    SE with hardsigmoid, the classifier's pooled hardswish head."""

    def __init__(self):
        super().__init__()
        self.expand = conv_bn(8, 16, 1, activation=nn.Hardswish())
        self.dw = conv_bn(16, 16, 3, 2, groups=16, activation=nn.Hardswish())
        self.se = SqueezeExcitation(16, 8, nn.ReLU(), nn.Hardsigmoid())
        self.project = conv_bn(16, 12, 1)
        self.fc1 = nn.Linear(12, 20)
        self.fc2 = nn.Linear(20, 10)

    def forward(self, x):
        x = self.project(self.se(self.dw(self.expand(x))))
        x = torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1), 1)
        return self.fc2(nn.functional.hardswish(self.fc1(x)))


class MBConv(nn.Module):
    """EfficientNet's block: SiLU (Sigmoid and Mul), SE with sigmoid, a
    per-channel and a scalar constant factor, shortcut."""

    def __init__(self):
        super().__init__()
        self.expand = conv_bn(8, 32, 1, activation=nn.SiLU())
        self.dw = conv_bn(32, 32, 3, groups=32, activation=nn.SiLU())
        self.se = SqueezeExcitation(32, 4, nn.SiLU(), nn.Sigmoid())
        self.project = conv_bn(32, 8, 1)
        self.scale = nn.Parameter(torch.rand(8, 1, 1) + 0.5)
        self.fc = nn.Linear(8 * 6 * 6, 10)

    def forward(self, x):
        x = x + self.project(self.se(self.dw(self.expand(x))))
        x = torch.sigmoid(x * self.scale) * 1.5
        return self.fc(torch.flatten(x, 1))


class MeanPoolHead(nn.Module):
    """MNASNet's head, `x.mean([2, 3])` (ReduceMean, keepdims 0), and the
    keepdim form feeding a 1x1 convolution."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(8, 16, 3, padding=1)
        self.squeeze = nn.Conv2d(16, 16, 1)
        self.fc = nn.Linear(16, 10)

    def forward(self, x):
        x = torch.relu(self.conv(x))
        s = torch.relu(self.squeeze(x.mean([2, 3], keepdim=True)))
        return self.fc(x.mean([2, 3]) + torch.flatten(s, 1))


def channel_shuffle(x, groups):
    """torchvision's ShuffleNet v2 shuffle: Reshape, Transpose, Reshape."""
    n, c, h, w = x.size()
    x = x.view(n, groups, c // groups, h, w)
    return torch.transpose(x, 1, 2).contiguous().view(n, -1, h, w)


class ShuffleUnit(nn.Module):
    """ShuffleNet v2's units: a strided one with two branches, then one
    that splits the channels with `chunk` (Slice with computed bounds) and
    one with `split` sizes (Split), each closed by a channel shuffle."""

    def __init__(self, cin, c):
        super().__init__()
        half = c // 2

        def branch(i, o, stride):
            return nn.Sequential(
                nn.Conv2d(i, i, 3, stride, 1, groups=i, bias=False),
                nn.BatchNorm2d(i), nn.Conv2d(i, o, 1, bias=False),
                nn.BatchNorm2d(o), nn.ReLU())

        self.down1 = branch(cin, half, 2)
        self.down2 = branch(cin, half, 2)
        self.unit = branch(half, half, 1)
        self.unit2 = branch(5, 5, 1)
        self.fc = nn.Linear(c, 10)

    def forward(self, x):
        x = channel_shuffle(torch.cat((self.down1(x), self.down2(x)), 1), 2)
        x1, x2 = x.chunk(2, dim=1)
        x = channel_shuffle(torch.cat((x1, self.unit(x2)), 1), 2)
        x1, x2 = torch.split(x, [x.size(1) - 5, 5], dim=1)
        x = channel_shuffle(torch.cat((x1, self.unit2(x2)), 1), 4)
        return self.fc(x.mean([2, 3]))


class PaddedPools(nn.Module):
    """AvgPool2d with count_include_pad, which PyTorch exports as a zero Pad
    and an unpadded AveragePool: Inception's 3x3 stride-1 pool, DenseNet's
    unpadded 2x2 transition pool (a Pad of zeros), and a ceil-mode pool,
    whose Pad cannot be folded (it stays ssl.pad)."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(6, 8, 3)
        self.fc = nn.Linear(6 * 4 * 4 + 8 * 4 * 4, 10)

    def forward(self, x):
        a = nn.functional.avg_pool2d(x, 3, stride=1, padding=1)
        a = nn.functional.avg_pool2d(torch.relu(a), 2, stride=2)
        b = nn.functional.avg_pool2d(self.conv(x), 3, stride=2, padding=1,
                                     ceil_mode=True)
        return self.fc(torch.cat((torch.flatten(a, 1), torch.flatten(b, 1)),
                                 1))


class DenseBlock(nn.Module):
    """DenseNet's dense layers (BN-ReLU-1x1-BN-ReLU-3x3, concatenated with
    their input) and transition (BN-ReLU-1x1, 2x2 average pooling)."""

    def __init__(self, cin=6, growth=4, layers=3):
        super().__init__()
        self.layers = nn.ModuleList()
        c = cin
        for _ in range(layers):
            self.layers.append(nn.Sequential(
                nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, 8, 1, bias=False),
                nn.BatchNorm2d(8), nn.ReLU(),
                nn.Conv2d(8, growth, 3, padding=1, bias=False)))
            c += growth
        self.transition = nn.Sequential(
            nn.BatchNorm2d(c), nn.ReLU(), nn.Conv2d(c, 8, 1, bias=False),
            nn.AvgPool2d(2, 2))
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        features = [x]
        for layer in self.layers:
            features.append(layer(torch.cat(features, 1)))
        x = self.transition(torch.cat(features, 1))
        return self.fc(torch.flatten(nn.functional.adaptive_avg_pool2d(x, 1),
                                     1))


class ConvNeXtStage(nn.Module):
    """ConvNeXt's block (depthwise 7x7, LayerNorm over channels-last
    activations, Linear, GELU, Linear, layer scale) and a downsampling
    LayerNorm2d with a 2x2 stride-2 convolution, from torchvision."""

    def __init__(self):
        super().__init__()
        from torchvision.models.convnext import CNBlock, LayerNorm2d
        self.block = CNBlock(8, layer_scale=0.5, stochastic_depth_prob=0.0)
        self.down = nn.Sequential(LayerNorm2d(8, eps=1e-6),
                                  nn.Conv2d(8, 12, 2, stride=2))
        self.head = nn.Sequential(LayerNorm2d(12, eps=1e-6), nn.Flatten(1),
                                  nn.Linear(12, 10))
        with torch.no_grad():
            for m in self.modules():
                if isinstance(m, nn.LayerNorm):
                    m.weight.uniform_(0.5, 1.5)
                    m.bias.uniform_(-0.5, 0.5)

    def forward(self, x):
        x = self.down(self.block(x))
        return self.head(nn.functional.adaptive_avg_pool2d(x, 1))


class SpatialTranspose(nn.Module):
    """Rejected: a Transpose outside a channel shuffle."""

    def forward(self, x):
        return torch.flatten(x.permute(0, 2, 3, 1), 1)


class SpatialSlice(nn.Module):
    """Rejected: a Slice of the rows."""

    def forward(self, x):
        return torch.flatten(x[:, :, 1:], 1)


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
    # Activations and gates of MobileNet v2/v3, EfficientNet and MNASNet.
    for name, model, shape, opset in [
            ("torch_inverted_residual", InvertedResidual(), (2, 8, 9, 9), 13),
            ("torch_mobilenet_v3_block", MobileNetV3Block(), (2, 8, 11, 11),
             13),
            ("torch_mobilenet_v3_block_opset14", MobileNetV3Block(),
             (2, 8, 11, 11), 14),
            ("torch_mbconv", MBConv(), (2, 8, 6, 6), 13),
            ("torch_mean_pool_head", MeanPoolHead(), (2, 8, 7, 7), 13),
            ("torch_convnext_stage", ConvNeXtStage(), (2, 8, 10, 10), 13)]:
        randomize_batch_norm(model)
        names.append(export(outdir, name, model, torch.randn(*shape) * 2,
                            opset, dynamic_batch=False))
    # ShuffleNet, Inception and DenseNet structure.
    for name, model, shape in [
            ("torch_shuffle_unit", ShuffleUnit(6, 20), (2, 6, 9, 9)),
            ("torch_padded_pools", PaddedPools(), (2, 6, 8, 8)),
            ("torch_dense_block", DenseBlock(), (2, 6, 6, 6))]:
        randomize_batch_norm(model)
        names.append(export(outdir, name, model, torch.randn(*shape),
                            13, dynamic_batch=False))
    # Exports the importer rejects, naming the node.
    for name, model in [("torch_error_transpose", SpatialTranspose()),
                        ("torch_error_slice_rows", SpatialSlice())]:
        export(outdir, name, model, torch.randn(1, 3, 4, 4), 13,
               dynamic_batch=False)
    with open(os.path.join(outdir, "models.txt"), "w") as f:
        f.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
