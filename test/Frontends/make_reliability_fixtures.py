#!/usr/bin/env python3
"""Writes the malformed ONNX models of ReliabilityTest to test/Frontends/Inputs.

Each graph breaks one rule of onnx.checker that the importer relies on (a
value assigned twice, a graph input redefined, an input read before it is
defined) or holds a window attribute or a Reshape target large enough to
overflow size arithmetic; relu_chain.onnx is a long chain of Relu nodes for
the import time check. The files are committed; rerun this script (python3-onnx) only
to change them. Output is deterministic.
"""
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Inputs")


def save(name, nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs,
                              initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="make_reliability_fixtures")
    model.ir_version = 8
    onnx.save(model, os.path.join(OUT, name + ".onnx"))


def vec(name, dims):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, dims)


def main():
    x = vec("x", [1, 8])
    y = vec("y", [1, 8])
    save("error_output_defined_twice",
         [helper.make_node("Relu", ["x"], ["t"], name="first"),
          helper.make_node("Relu", ["x"], ["t"], name="second"),
          helper.make_node("Relu", ["t"], ["y"], name="last")],
         [x], [y])
    save("error_redefines_input",
         [helper.make_node("Relu", ["x"], ["x"], name="again"),
          helper.make_node("Relu", ["x"], ["y"], name="last")],
         [x], [y])
    save("error_use_before_definition",
         [helper.make_node("Relu", ["t"], ["y"], name="reader"),
          helper.make_node("Relu", ["x"], ["t"], name="writer")],
         [x], [y])
    w = numpy_helper.from_array(np.ones((2, 1, 3, 3), np.float32), "w")
    save("error_pad_overflow",
         [helper.make_node("Conv", ["x4", "w"], ["y4"], name="conv",
                           pads=[2**63 - 8, 0, 0, 0])],
         [vec("x4", [1, 1, 5, 5])], [vec("y4", [1, 2, 5, 5])], [w])
    pads = numpy_helper.from_array(
        np.array([0, 0, 2**62, 0, 0, 0, 2**62, 0], np.int64), "pads")
    save("error_pad_input_overflow",
         [helper.make_node("Pad", ["x4", "pads"], ["y4"], name="pad")],
         [vec("x4", [1, 1, 5, 5])], [vec("y4", [1, 1, 5, 5])], [pads])
    # 3 * 6148914691236517206 wraps to 2 in 64 bits: the channel count of x.
    shape = numpy_helper.from_array(
        np.array([1, 3, 6148914691236517206, 4, 4], np.int64), "shape")
    save("error_reshape_overflow",
         [helper.make_node("Reshape", ["x4", "shape"], ["y5"], name="reshape")],
         [vec("x4", [1, 2, 4, 4])],
         [vec("y5", [1, 3, 6148914691236517206, 4, 4])], [shape])
    n = 1000
    nodes = [helper.make_node("Relu", ["x" if i == 0 else "r%d" % (i - 1)],
                              ["y" if i == n - 1 else "r%d" % i],
                              name="relu%d" % i) for i in range(n)]
    save("relu_chain", nodes, [x], [y])


if __name__ == "__main__":
    main()
