#!/usr/bin/env python3
"""Writes the ONNX importer fixtures in test/Frontends/Inputs.

Each model NAME.onnx comes with NAME_input.npy and NAME_expected.npy, the
output of a naive numpy reference (float64 loops, following the ssl op
semantics in compiler/Dialect/SSL/IR/SSLOps.td) on that input. The error_*
models are rejected by the importer. The fixtures are committed; rerun this
script (needs python3-onnx and python3-numpy) only to change them. Output is
deterministic, so a rerun without changes leaves the files identical.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs")


# --- naive reference ---------------------------------------------------------

def pad_nchw(x, pads, value=0.0):
    top, left, bottom, right = pads
    return np.pad(x, ((0, 0), (0, 0), (top, bottom), (left, right)),
                  constant_values=value)


def conv2d(x, w, b, strides=(1, 1), pads=(0, 0, 0, 0), dilations=(1, 1),
           group=1):
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    xp = pad_nchw(x, pads)
    oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (wd + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    og = o // group
    y = np.zeros((n, o, oh, ow))
    for ni in range(n):
        for oc in range(o):
            g = oc // og
            for i in range(oh):
                for j in range(ow):
                    acc = 0.0 if b is None else b[oc]
                    for ci in range(cg):
                        for p in range(kh):
                            for q in range(kw):
                                acc += w[oc, ci, p, q] * xp[
                                    ni, g * cg + ci,
                                    i * strides[0] + p * dilations[0],
                                    j * strides[1] + q * dilations[1]]
                    y[ni, oc, i, j] = acc
    return y


def pool_size(size, k, s, pb, pe, ceil):
    span = size + pb + pe - k
    if not ceil:
        return span // s + 1
    out = -(-span // s) + 1
    # A window may not start in the end padding (PyTorch, ONNX opset 19).
    if out > 1 and (out - 1) * s >= size + pb:
        out -= 1
    return out


def pool2d(x, kernel, strides, pads, ceil, mode, count_include_pad=False):
    n, c, h, w = x.shape
    oh = pool_size(h, kernel[0], strides[0], pads[0], pads[2], ceil)
    ow = pool_size(w, kernel[1], strides[1], pads[1], pads[3], ceil)
    y = np.zeros((n, c, oh, ow))
    for i in range(oh):
        for j in range(ow):
            r0, c0 = i * strides[0] - pads[0], j * strides[1] - pads[1]
            r1, c1 = r0 + kernel[0], c0 + kernel[1]
            window = x[:, :, max(r0, 0):min(r1, h), max(c0, 0):min(c1, w)]
            if mode == "max":
                y[:, :, i, j] = window.max(axis=(2, 3))
            else:
                if count_include_pad:
                    count = ((min(r1, h + pads[2]) - r0) *
                             (min(c1, w + pads[3]) - c0))
                else:
                    count = window.shape[2] * window.shape[3]
                y[:, :, i, j] = window.sum(axis=(2, 3)) / count
    return y


def batch_norm(x, gamma, beta, mean, var, eps):
    s = (1, -1, 1, 1)
    return (gamma.reshape(s) * (x - mean.reshape(s)) /
            np.sqrt(var.reshape(s) + eps) + beta.reshape(s))


def relu(x):
    return np.maximum(x, 0.0)


def softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --- model construction ------------------------------------------------------

class Graph:
    """Collects initializers and nodes; values are float32 numpy arrays."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.inits = []
        self.nodes = []

    def param(self, name, shape, scale=0.5):
        v = (self.rng.uniform(-1, 1, shape) * scale).astype(np.float32)
        self.inits.append(numpy_helper.from_array(v, name))
        return v

    def positive(self, name, shape):
        v = self.rng.uniform(0.5, 1.5, shape).astype(np.float32)
        self.inits.append(numpy_helper.from_array(v, name))
        return v

    def node(self, op, inputs, outputs, name, **attrs):
        self.nodes.append(helper.make_node(op, inputs, outputs, name=name,
                                           **attrs))

    def save(self, name, input_dims, output_dims, opset, x, expected,
             check=True):
        graph = helper.make_graph(
            self.nodes, name, [helper.make_tensor_value_info(
                "input", TensorProto.FLOAT, input_dims)],
            [helper.make_tensor_value_info("output", TensorProto.FLOAT,
                                           output_dims)],
            self.inits)
        model = helper.make_model(
            graph, producer_name="make_onnx_fixtures",
            opset_imports=[helper.make_opsetid("", opset)])
        model.ir_version = 8
        if check:
            onnx.checker.check_model(model)
        onnx.save(model, os.path.join(OUT, name + ".onnx"))
        if x is not None:
            np.save(os.path.join(OUT, name + "_input.npy"),
                    x.astype(np.float32))
            np.save(os.path.join(OUT, name + "_expected.npy"),
                    expected.astype(np.float32))


def lenet():
    """Conv (asymmetric pads), MaxPool, Conv, MaxPool (ceil), Reshape to 2-D,
    Gemm (transB 1), Relu, Gemm (transB 0, [1, M] bias); symbolic batch."""
    g = Graph(1)
    x = g.rng.uniform(-1, 1, (2, 1, 12, 12)).astype(np.float32)
    w1, b1 = g.param("conv1.weight", (4, 1, 3, 3)), g.param("conv1.bias", (4,))
    w2, b2 = g.param("conv2.weight", (6, 4, 3, 3)), g.param("conv2.bias", (6,))
    w3, b3 = g.param("fc1.weight", (10, 24)), g.param("fc1.bias", (10,))
    w4, b4 = g.param("fc2.weight", (10, 5)), g.param("fc2.bias", (1, 5))
    g.node("Conv", ["input", "conv1.weight", "conv1.bias"], ["c1"], "conv1",
           kernel_shape=[3, 3], pads=[0, 1, 1, 0])
    g.node("MaxPool", ["c1"], ["p1"], "pool1", kernel_shape=[2, 2],
           strides=[2, 2])
    g.node("Conv", ["p1", "conv2.weight", "conv2.bias"], ["c2"], "conv2")
    g.node("MaxPool", ["c2"], ["p2"], "pool2", kernel_shape=[2, 2],
           strides=[2, 2], ceil_mode=1)
    g.node("Constant", [], ["shape"], "flat_shape",
           value=numpy_helper.from_array(np.array([-1, 24], np.int64)))
    g.node("Reshape", ["p2", "shape"], ["flat"], "flatten")
    g.node("Gemm", ["flat", "fc1.weight", "fc1.bias"], ["f1"], "fc1",
           transB=1)
    g.node("Relu", ["f1"], ["r1"], "relu1")
    g.node("Gemm", ["r1", "fc2.weight", "fc2.bias"], ["output"], "fc2")

    h = conv2d(x, w1, b1, pads=(0, 1, 1, 0))
    h = pool2d(h, (2, 2), (2, 2), (0, 0, 0, 0), False, "max")
    h = conv2d(h, w2, b2)
    h = pool2d(h, (2, 2), (2, 2), (0, 0, 0, 0), True, "max")
    h = h.reshape(h.shape[0], -1)
    h = relu(h @ w3.T + b3)
    y = h @ w4 + b4
    g.save("lenet", ["N", 1, 12, 12], ["N", 5], 13, x, y)


def residual():
    """Conv without bias, BatchNormalization, Relu, grouped Conv, BN, Add of
    the block input, Relu, Dropout (opset 11 attribute form), Identity."""
    g = Graph(2)
    x = g.rng.uniform(-1, 1, (1, 4, 6, 6)).astype(np.float32)
    w1 = g.param("block.conv1.weight", (4, 4, 3, 3))
    bn1 = [g.positive("block.bn1.weight", (4,)), g.param("block.bn1.bias", (4,)),
           g.param("block.bn1.running_mean", (4,)),
           g.positive("block.bn1.running_var", (4,))]
    w2 = g.param("block.conv2.weight", (4, 2, 3, 3))
    b2 = g.param("block.conv2.bias", (4,))
    bn2 = [g.positive("block.bn2.weight", (4,)), g.param("block.bn2.bias", (4,)),
           g.param("block.bn2.running_mean", (4,)),
           g.positive("block.bn2.running_var", (4,))]
    bn_names = ["weight", "bias", "running_mean", "running_var"]
    g.node("Conv", ["input", "block.conv1.weight"], ["c1"], "conv1",
           pads=[1, 1, 1, 1])
    g.node("BatchNormalization",
           ["c1"] + ["block.bn1." + n for n in bn_names], ["n1"], "bn1",
           epsilon=1e-3, momentum=0.9)
    g.node("Relu", ["n1"], ["r1"], "relu1")
    g.node("Conv", ["r1", "block.conv2.weight", "block.conv2.bias"], ["c2"],
           "conv2", pads=[1, 1, 1, 1], group=2)
    g.node("BatchNormalization",
           ["c2"] + ["block.bn2." + n for n in bn_names], ["n2"], "bn2")
    g.node("Add", ["n2", "input"], ["sum"], "residual_add")
    g.node("Relu", ["sum"], ["r2"], "relu2")
    g.node("Dropout", ["r2"], ["d"], "dropout", ratio=0.25)
    g.node("Identity", ["d"], ["output"], "identity")

    h = batch_norm(conv2d(x, w1, None, pads=(1, 1, 1, 1)), *bn1, 1e-3)
    h = relu(h)
    h = batch_norm(conv2d(h, w2, b2, pads=(1, 1, 1, 1), group=2), *bn2, 1e-5)
    y = relu(h + x)
    g.save("residual", [1, 4, 6, 6], [1, 4, 6, 6], 11, x, y)


def avgpool():
    """Dilated Conv, AveragePool (ceil mode, padded, both count_include_pad
    settings), GlobalAveragePool, Flatten, MatMul + Add, Softmax."""
    g = Graph(3)
    x = g.rng.uniform(-1, 1, (3, 3, 7, 7)).astype(np.float32)
    w1, b1 = g.param("conv.weight", (8, 3, 3, 3)), g.param("conv.bias", (8,))
    w2, b2 = g.param("head.weight", (8, 5), 2.0), g.param("head.bias", (5,))
    g.node("Conv", ["input", "conv.weight", "conv.bias"], ["c"], "conv",
           pads=[2, 2, 2, 2], dilations=[2, 2])
    g.node("AveragePool", ["c"], ["a1"], "avg1", kernel_shape=[3, 3],
           strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1)
    g.node("AveragePool", ["a1"], ["a2"], "avg2", kernel_shape=[3, 3],
           strides=[2, 2], pads=[1, 1, 1, 1], ceil_mode=1,
           count_include_pad=1)
    g.node("GlobalAveragePool", ["a2"], ["gap"], "gap")
    g.node("Flatten", ["gap"], ["flat"], "flatten", axis=1)
    g.node("MatMul", ["flat", "head.weight"], ["mm"], "matmul")
    g.node("Add", ["mm", "head.bias"], ["logits"], "bias_add")
    g.node("Softmax", ["logits"], ["output"], "softmax")

    h = conv2d(x, w1, b1, pads=(2, 2, 2, 2), dilations=(2, 2))
    h = pool2d(h, (3, 3), (2, 2), (1, 1, 1, 1), True, "avg")
    h = pool2d(h, (3, 3), (2, 2), (1, 1, 1, 1), True, "avg",
               count_include_pad=True)
    h = h.mean(axis=(2, 3))
    y = softmax(h @ w2 + b2)
    g.save("avgpool", [3, 3, 7, 7], [3, 5], 17, x, y)


def error_models():
    """Models the importer rejects (no expected outputs)."""
    g = Graph(4)
    g.node("Gelu", ["input"], ["output"], "Gelu_0")
    g.save("error_gelu", [1, 8], [1, 8], 17, None, None, check=False)

    g = Graph(5)
    g.param("conv.weight", (2, 1, 3, 3))
    g.node("Conv", ["input", "conv.weight"], ["output"], "Conv_3",
           auto_pad="SAME_UPPER")
    g.save("error_same_upper", [1, 1, 5, 5], [1, 2, 5, 5], 13, None, None)

    g = Graph(6)
    g.node("MatMul", ["input", "input"], ["output"], "MatMul_1")
    g.save("error_computed_weight", [4, 4], [4, 4], 13, None, None)

    g = Graph(7)
    g.param("fc.weight", (3, 4))
    g.node("Gemm", ["input", "fc.weight"], ["output"], "Gemm_2", transA=1)
    g.save("error_trans_a", [3, 2], [2, 4], 13, None, None)

    g = Graph(8)
    g.node("Relu", ["input"], ["output"], "Relu_0")
    g.save("error_opset18", [1, 8], [1, 8], 18, None, None, check=False)


def activation_error_models():
    """Activations and gates the importer rejects, each naming its node."""
    g = Graph(9)
    g.node("ReduceMean", ["input"], ["output"], "ReduceMean_0", axes=[1],
           keepdims=1)
    g.save("error_reduce_mean_channels", [1, 8, 3, 3], [1, 1, 3, 3], 13,
           None, None)

    g = Graph(10)
    g.inits.append(numpy_helper.from_array(np.array(6, np.float32), "lo"))
    g.inits.append(numpy_helper.from_array(np.array(0, np.float32), "hi"))
    g.node("Clip", ["input", "lo", "hi"], ["output"], "Clip_2")
    g.save("error_clip_bounds", [1, 8], [1, 8], 13, None, None)

    g = Graph(11)
    g.param("scale", (2, 1, 1))
    g.node("Mul", ["input", "scale"], ["output"], "Mul_1")
    g.save("error_mul_broadcast", [1, 8, 3, 3], [1, 8, 3, 3], 13, None, None)

    g = Graph(12)
    g.node("GlobalAveragePool", ["input"], ["pooled"], "GlobalAveragePool_0")
    g.node("Flatten", ["pooled"], ["flat"], "Flatten_1")
    g.node("Mul", ["input", "flat"], ["output"], "Mul_2")
    g.save("error_mul_rank", [1, 8, 3, 3], [1, 8, 3, 3], 13, None, None,
           check=False)


def padded():
    """Zero Pad nodes: one before a Conv (folded into its padding), one before
    a MaxPool (kept as ssl.pad: the pooling's own padding is -inf, and the
    convolution's output is negative in places)."""
    g = Graph(9)
    x = g.rng.uniform(-1, 1, (2, 3, 6, 5)).astype(np.float32)
    w, b = g.param("conv.weight", (4, 3, 3, 3)), g.param("conv.bias", (4,))
    g.inits.append(numpy_helper.from_array(
        np.array([0, 0, 1, 2, 0, 0, 0, 1], np.int64), "pads_conv"))
    g.inits.append(numpy_helper.from_array(
        np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads_max"))
    g.inits.append(numpy_helper.from_array(np.array(0.0, np.float32),
                                           "zero"))
    g.node("Pad", ["input", "pads_conv"], ["p1"], "pad_conv")
    g.node("Conv", ["p1", "conv.weight", "conv.bias"], ["c"], "conv",
           pads=[1, 0, 0, 1])
    g.node("Pad", ["c", "pads_max", "zero"], ["p2"], "pad_max",
           mode="constant")
    g.node("MaxPool", ["p2"], ["m"], "max", kernel_shape=[3, 3],
           strides=[2, 2])
    g.node("Flatten", ["m"], ["output"], "flatten", axis=1)

    h = conv2d(pad_nchw(x, (1, 2, 0, 1)), w, b, pads=(1, 0, 0, 1))
    h = pool2d(pad_nchw(h, (1, 1, 1, 1)), (3, 3), (2, 2), (0, 0, 0, 0),
               False, "max")
    y = h.reshape(2, -1)
    g.save("padded", [2, 3, 6, 5], [2, 48], 13, x, y)

    g = Graph(10)
    g.inits.append(numpy_helper.from_array(
        np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "pads"))
    g.inits.append(numpy_helper.from_array(np.array(1.0, np.float32), "one"))
    g.node("Pad", ["input", "pads", "one"], ["output"], "Pad_1")
    g.save("error_pad_value", [1, 2, 3, 3], [1, 2, 5, 5], 13, None, None)

    g = Graph(11)
    g.inits.append(numpy_helper.from_array(
        np.array([0, 1, 0, 0, 0, 0, 0, 0], np.int64), "pads"))
    g.node("Pad", ["input", "pads"], ["output"], "Pad_2")
    g.save("error_pad_channels", [1, 2, 3, 3], [1, 3, 3, 3], 13, None, None)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    lenet()
    residual()
    avgpool()
    error_models()
    activation_error_models()
    padded()
