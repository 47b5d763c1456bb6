#!/usr/bin/python3
"""Writes grouped_ssl_conv.onnx: one Conv (groups 2, 3x3, pads 1) as PyTorch
exports it, whose weight has SSL zeros per group (group 0 reads taps
(0, 0, 0) and (1, 2, 2), group 1 only (2, 1, 1); filter 1 is zero) and
whose bias is non-zero. Deterministic: a rerun leaves the file identical."""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

w = np.zeros((4, 2, 3, 3), dtype=np.float32)
w[0, 0, 0, 0], w[0, 1, 2, 2] = 1.0, 2.0
w[2, 0, 1, 1] = 3.0
w[3, 0, 1, 1] = 4.0
b = np.array([0.5, 0.25, -0.5, 1.0], dtype=np.float32)
node = helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["y"],
                        group=2, kernel_shape=[3, 3], pads=[1, 1, 1, 1])
graph = helper.make_graph(
    [node], "grouped_ssl_conv",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 5, 5])],
    [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 5, 5])],
    [numpy_helper.from_array(w, "conv.weight"),
     numpy_helper.from_array(b, "conv.bias")])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                          producer_name="make_grouped_ssl_conv.py")
onnx.checker.check_model(model)
onnx.save(model, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "grouped_ssl_conv.onnx"))
