#!/usr/bin/env python3
"""Exports torchvision CNN classifiers to ONNX for RealModelTest.

Usage: torchvision_models.py OUTDIR [NAME ...]

For every model of MODELS (or only the NAMEs given): seeded random weights
with non-trivial batch-norm statistics and biases, in eval mode, exported
with opset 13, a dynamic batch axis and batch norm kept as a node (so the
initializers keep their state_dict names and sslc folds BN itself), at the
smallest input that keeps the architecture meaningful. Writes

  NAME.onnx
  NAME.b{1,4}.input.npy, NAME.b{1,4}.output.npy   PyTorch on random inputs
  NAME.VARIANT.b{1,4}.output.npy                  PyTorch's outputs with
                                                  the zeros of a planted plan

where the planted variants leave zeros the way SSL does:
  single    the first third of the filters of the network's second conv
            (for ResNet(Bottleneck, [2, 2, 2, 2]) this is the reported repro:
            layer1[0].conv1.weight[:21] = 0), BN after it kept;
  filters   the first third of the filters of every third conv, BN and
            biases kept, so those channels carry constants through BN, ReLU,
            pooling and zero padding;
  channels  a quarter of the input channels of every third conv (groups = 1)
            and of the first linear layer;
  depth     every conv of whole residual branches zeroed (the second and the
            last residual block), BN kept: the block becomes relu(x + c).

and OUTDIR/manifest.json listing models, files, input shapes, the zeroed
ranges of every planted plan (RealModelTest zeroes the same ranges in the
imported parameters) and export times. Entries whose name ends in `_folded` are
exported the way users usually do (torch's default: BN folded into the
convs by the exporter, constants folded), with the `single` zeros already
in the weights; they have no planted variants.
"""
import json
import warnings
import os
import sys
import time
import zlib

import numpy as np
import torch
import torchvision
from torch import nn
from torchvision.models import resnet

tv = torchvision.models


def bottleneck(layers):
    return lambda: resnet.ResNet(resnet.Bottleneck, layers)


# name: (constructor, input side). Adding a model is one line here and one
# in RealModelTest.cpp's table. Inputs are the smallest that keep each
# architecture meaningful: 32 for networks of stride 32 ending in a global
# pool; inception_v3 needs 75; alexnet and vgg need 224 for their adaptive
# pools (6x6, 7x7) to export as a uniform pooling.
MODELS = {
    "resnet18": (tv.resnet18, 32),
    "resnet34": (tv.resnet34, 32),
    "resnet50": (tv.resnet50, 32),
    "resnet101": (tv.resnet101, 32),
    "resnext50_32x4d": (tv.resnext50_32x4d, 32),
    "wide_resnet50_2": (tv.wide_resnet50_2, 32),
    "bottleneck_2222": (bottleneck([2, 2, 2, 2]), 32),
    "bottleneck_2111": (bottleneck([2, 1, 1, 1]), 32),
    "bottleneck_2222_folded": (bottleneck([2, 2, 2, 2]), 32),
    "vgg11": (tv.vgg11, 224),
    "vgg11_bn": (tv.vgg11_bn, 224),
    "vgg16": (tv.vgg16, 224),
    "vgg16_bn": (tv.vgg16_bn, 224),
    "alexnet": (tv.alexnet, 224),
    "squeezenet1_0": (tv.squeezenet1_0, 32),
    "squeezenet1_1": (tv.squeezenet1_1, 32),
    "densenet121": (tv.densenet121, 32),
    "googlenet": (lambda: tv.googlenet(aux_logits=False, init_weights=True),
                  32),
    "inception_v3": (
        lambda: tv.inception_v3(aux_logits=False, init_weights=True), 75),
    "mobilenet_v2": (tv.mobilenet_v2, 32),
    "mobilenet_v3_small": (tv.mobilenet_v3_small, 32),
    "mobilenet_v3_large": (tv.mobilenet_v3_large, 32),
    "shufflenet_v2_x1_0": (tv.shufflenet_v2_x1_0, 32),
    "mnasnet0_5": (tv.mnasnet0_5, 32),
    "efficientnet_b0": (tv.efficientnet_b0, 32),
    "efficientnet_b1": (tv.efficientnet_b1, 32),
    "efficientnet_b2": (tv.efficientnet_b2, 32),
    "efficientnet_b3": (tv.efficientnet_b3, 32),
    "regnet_x_400mf": (tv.regnet_x_400mf, 32),
    "regnet_y_400mf": (tv.regnet_y_400mf, 32),
    "convnext_tiny": (tv.convnext_tiny, 32),
}


def seed_of(name):
    return zlib.crc32(name.encode())


def randomize(model, seed):
    """Non-trivial BN statistics and affine parameters (layer norms' too),
    non-zero biases (torchvision zeroes them), so a zeroed filter leaves a
    non-zero constant, and layer scales that let residual branches count."""
    g = torch.Generator().manual_seed(seed + 1)

    def uniform_(t, lo, hi):
        t.copy_(torch.rand(t.shape, generator=g) * (hi - lo) + lo)

    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                uniform_(m.weight, 0.5, 1.5)
                uniform_(m.bias, -0.5, 0.5)
                uniform_(m.running_mean, -0.5, 0.5)
                uniform_(m.running_var, 0.5, 1.5)
            elif isinstance(m, nn.LayerNorm):
                uniform_(m.weight, 0.5, 1.5)
                uniform_(m.bias, -0.5, 0.5)
            elif isinstance(m, (nn.Conv2d, nn.Linear)) and m.bias is not None:
                uniform_(m.bias, -0.1, 0.1)
            # ConvNeXt's layer scale starts at 1e-6, which would hide every
            # residual branch behind its shortcut.
            scale = getattr(m, "layer_scale", None)
            if isinstance(scale, nn.Parameter):
                uniform_(scale, 0.1, 0.5)


def convs(model):
    return [(n, m) for n, m in model.named_modules()
            if isinstance(m, nn.Conv2d)]


def residual_branches(model):
    """The modules computing f in x + f(x) of every identity-shortcut block."""
    out = []
    for m in model.modules():
        kind = type(m).__name__
        if kind in ("BasicBlock", "Bottleneck") and m.downsample is None:
            out.append(m)
        elif kind == "InvertedResidual" and getattr(m, "use_res_connect", 0):
            out.append(m.conv if hasattr(m, "conv") else m.block)
        elif kind == "MBConv" and m.use_res_connect:
            out.append(m.block)
        elif kind == "_InvertedResidual" and m.apply_residual:
            out.append(m.layers)
        elif kind == "ResBottleneckBlock" and m.proj is None:
            out.append(m.f)
        elif kind == "CNBlock":
            out.append(m.block)
    return out


def plan(model, kind):
    """Zeroes the parameters of planted plan `kind` in place. Returns the
    zeroed ranges as [name, axis, count] (the first `count` entries of axis
    0 or 1 of parameter `name`; axis -1: all of it), or None when the model
    has no group of that kind."""
    names = {id(p): n for n, p in model.named_parameters()}
    zeroed = []

    def zero(param, axis, count):
        if axis == 0:
            param[:count] = 0
        elif axis == 1:
            param[:, :count] = 0
        else:
            param.zero_()
        zeroed.append([names[id(param)], axis, count])

    with torch.no_grad():
        cs = convs(model)
        if kind == "single":
            _, c = cs[1]
            zero(c.weight, 0, c.out_channels // 3)
        elif kind == "filters":
            for i, (_, c) in enumerate(cs):
                if i % 3 == 0 and c.out_channels >= 3:
                    zero(c.weight, 0, c.out_channels // 3)
        elif kind == "channels":
            for i, (_, c) in enumerate(cs):
                cin = c.in_channels // c.groups
                if i % 3 == 1 and c.groups == 1 and cin >= 4:
                    zero(c.weight, 1, cin // 4)
            linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
            if linears:
                zero(linears[0].weight, 1, linears[0].weight.shape[1] // 4)
        elif kind == "depth":
            branches = residual_branches(model)
            if not branches:
                return None
            done = set()
            for b in [branches[min(1, len(branches) - 1)], branches[-1]]:
                for _, c in convs(b):
                    if id(c) not in done:
                        done.add(id(c))
                        zero(c.weight, -1, 0)
    return zeroed or None


def run(model, x):
    with torch.no_grad():
        return model(x).numpy()


def export(outdir, name):
    ctor, side = MODELS[name]
    start = time.time()
    seed = seed_of(name)
    torch.manual_seed(seed)
    model = ctor()
    randomize(model, seed)
    model.eval()
    folded = name.endswith("_folded")
    g = torch.Generator().manual_seed(seed + 2)
    inputs = {b: torch.randn(b, 3, side, side, generator=g) for b in (1, 4)}
    entry = {"name": name, "onnx": name + ".onnx",
             "input_shape": [3, side, side], "folded": folded,
             "parameters": sum(p.numel() for p in model.parameters()),
             "batches": {}, "variants": []}
    if folded:
        entry["zeroed"] = plan(model, "single")
    for b, x in inputs.items():
        np.save(os.path.join(outdir, "%s.b%d.input.npy" % (name, b)),
                x.numpy())
        np.save(os.path.join(outdir, "%s.b%d.output.npy" % (name, b)),
                run(model, x))
        entry["batches"][str(b)] = {
            "input": "%s.b%d.input.npy" % (name, b),
            "output": "%s.b%d.output.npy" % (name, b)}
    kwargs = {}
    if not folded:
        # torch's default (EVAL) folds BN into the convs under new names;
        # PRESERVE keeps BN as an inference-mode node and the state_dict
        # names, which the planted plans refer to.
        kwargs = {"training": torch.onnx.TrainingMode.PRESERVE,
                  "do_constant_folding": False}
    torch.onnx.export(model, inputs[1], os.path.join(outdir, name + ".onnx"),
                      opset_version=13, input_names=["input"],
                      output_names=["output"],
                      dynamic_axes={"input": {0: "batch"},
                                    "output": {0: "batch"}}, **kwargs)
    if not folded:
        state = {n: p.detach().clone() for n, p in model.named_parameters()}
        for kind in ("single", "filters", "channels", "depth"):
            zeroed = plan(model, kind)
            if zeroed is not None:
                base = "%s.%s" % (name, kind)
                outputs = {}
                for b, x in inputs.items():
                    path = "%s.b%d.output.npy" % (base, b)
                    np.save(os.path.join(outdir, path), run(model, x))
                    outputs[str(b)] = path
                entry["variants"].append(
                    {"kind": kind, "zeroed": zeroed, "outputs": outputs})
            with torch.no_grad():
                for n, p in model.named_parameters():
                    p.copy_(state[n])
    entry["export_s"] = round(time.time() - start, 2)
    return entry


def main():
    outdir = sys.argv[1]
    names = sys.argv[2:] or list(MODELS)
    os.makedirs(outdir, exist_ok=True)
    # One thread: the machine running the tests is shared, and torch's
    # thread pool slows down several-fold when its cores are busy.
    torch.set_num_threads(1)
    # The exporter's notes on dynamic shapes and PRESERVE mode.
    warnings.simplefilter("ignore")
    start = time.time()
    entries = []
    for name in names:
        entry = export(outdir, name)
        print("%-24s %6.2f s" % (name, entry["export_s"]), flush=True)
        entries.append(entry)
    manifest = {"torch": torch.__version__,
                "torchvision": torchvision.__version__,
                "total_s": round(time.time() - start, 2), "models": entries}
    # Written last, so a manifest means every file above it exists.
    tmp = os.path.join(outdir, "manifest.json.tmp")
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=1)
    os.replace(tmp, os.path.join(outdir, "manifest.json"))
    print("total %.1f s" % manifest["total_s"])


if __name__ == "__main__":
    main()
