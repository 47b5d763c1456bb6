//===- OnnxChannelsLast.cpp - ConvNeXt's channels-last ops -----------------===//
//
// Layer norm over the channels, GELU and the MatMul of a channels-last
// tensor, recognised step by step from the nodes PyTorch exports.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporterInternal.h"

#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include <cmath>

using namespace mlir;

namespace sslc::onnx_import {

std::optional<float> Importer::scalarConstant(const onnx::NodeProto &node,
                                              int index) {
  if (!hasInput(node, index) || !isConstant(node.input(index)))
    return std::nullopt;
  const ConstTensor &c = constants[node.input(index)];
  if (!c.isFloat || c.floats.size() != 1)
    return std::nullopt;
  return c.floats[0];
}

Value Importer::finishLayerNorm(const std::string &name) {
  PartialNorm p = partialNorms[name];
  partialNorms.erase(name);
  Value x = values[p.input];
  int64_t channels = shapeOf(x)[1];
  ConstTensor unit;
  unit.name = name + ".scale";
  unit.isFloat = true;
  unit.shape = {channels};
  unit.floats.assign(channels, 1.0f);
  ConstTensor zero = unit;
  zero.name = name + ".shift";
  zero.floats.assign(channels, 0.0f);
  Value g = p.gamma ? biasParameter(*p.gamma) : parameter(unit);
  Value y = builder->layerNorm(x, g, parameter(zero), p.epsilon);
  values[name] = y;
  channelsLast.insert(name);
  return y;
}

LogicalResult Importer::importSub(const onnx::NodeProto &node) {
  if (node.input_size() == 2) {
    auto norm = partialNorms.find(node.input(1));
    if (norm != partialNorms.end() && norm->second.step == PartialNorm::Mean &&
        node.input(0) == norm->second.input) {
      if (failed(checkAttributes(node, {})))
        return failure();
      PartialNorm p = norm->second;
      p.step = PartialNorm::Centered;
      p.centered = node.output(0);
      p.producer = nodeLabel(node);
      partialNorms[node.output(0)] = p;
      return success();
    }
    if (partialNorms.count(node.input(0)) ||
        partialNorms.count(node.input(1)) || values.count(node.input(0)) ||
        values.count(node.input(1))) {
      // Names the unfinished pattern or the computed operand.
      for (int i = 0; i < 2; ++i)
        if (!isConstant(node.input(i)) && failed(activation(node, i)))
          return failure();
      return nodeError(node) << "subtracting computed tensors is supported "
                                "only inside a layer norm over the channels";
    }
  }
  return importIntegerArithmetic(node);
}

LogicalResult Importer::importPow(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (node.input_size() == 2) {
    auto norm = partialNorms.find(node.input(0));
    if (norm != partialNorms.end() &&
        norm->second.step == PartialNorm::Centered &&
        scalarConstant(node, 1) == 2.0f) {
      PartialNorm p = norm->second;
      p.step = PartialNorm::Squared;
      p.producer = nodeLabel(node);
      partialNorms[node.output(0)] = p;
      return success();
    }
  }
  if (failed(activation(node, 0)))
    return failure();
  return nodeError(node)
         << "is supported only as the square of a layer norm's centered "
            "input (exponent 2)";
}

LogicalResult Importer::importSqrt(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (hasInput(node, 0))
    if (auto norm = partialNorms.find(node.input(0));
        norm != partialNorms.end() &&
        norm->second.step == PartialNorm::Shifted) {
      PartialNorm p = norm->second;
      p.step = PartialNorm::Deviation;
      p.producer = nodeLabel(node);
      partialNorms[node.output(0)] = p;
      return success();
    }
  if (failed(activation(node, 0)))
    return failure();
  return nodeError(node) << "is supported only as the standard deviation of "
                            "a layer norm (Sqrt of variance + epsilon)";
}

LogicalResult Importer::importErf(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (hasInput(node, 0))
    if (auto gelu = partialGelus.find(node.input(0));
        gelu != partialGelus.end() && gelu->second.step == PartialGelu::Scaled) {
      PartialGelu p = gelu->second;
      p.step = PartialGelu::Erf;
      p.producer = nodeLabel(node);
      partialGelus[node.output(0)] = p;
      return success();
    }
  if (failed(activation(node, 0)))
    return failure();
  return nodeError(node) << "is supported only inside a GELU (Div by "
                            "sqrt(2), Erf, Add 1, Mul by the input, Mul by "
                            "0.5)";
}

LogicalResult Importer::importDiv(const onnx::NodeProto &node) {
  if (node.input_size() == 2) {
    // The normalization: (x - mean) / sqrt(variance + epsilon).
    auto centered = partialNorms.find(node.input(0));
    auto deviation = partialNorms.find(node.input(1));
    if (centered != partialNorms.end() && deviation != partialNorms.end() &&
        centered->second.step == PartialNorm::Centered &&
        deviation->second.step == PartialNorm::Deviation &&
        deviation->second.centered == node.input(0)) {
      if (failed(checkAttributes(node, {})))
        return failure();
      PartialNorm p = deviation->second;
      p.step = PartialNorm::Normalized;
      p.producer = nodeLabel(node);
      partialNorms[node.output(0)] = p;
      return success();
    }
    // GELU's first step: x / sqrt(2).
    std::optional<float> divisor = scalarConstant(node, 1);
    if (values.count(node.input(0)) && divisor &&
        std::fabs(*divisor - 1.41421356f) <= 1e-6f) {
      if (failed(checkAttributes(node, {})))
        return failure();
      partialGelus[node.output(0)] = {PartialGelu::Scaled, node.input(0),
                                      nodeLabel(node)};
      return success();
    }
    if (partialNorms.count(node.input(0)) || values.count(node.input(0))) {
      if (failed(activation(node, 0)))
        return failure();
      return nodeError(node) << "dividing a computed tensor is supported only "
                                "inside a layer norm or a GELU";
    }
  }
  return importIntegerArithmetic(node);
}

LogicalResult
Importer::importChannelsLastMatMul(const onnx::NodeProto &node, Value x) {
  FailureOr<const ConstTensor *> w = floatConstant(node, 1, "weight");
  if (failed(w))
    return failure();
  int64_t c = shapeOf(x)[1];
  if ((*w)->shape.size() != 2 || (*w)->shape[0] != c)
    return nodeError(node) << "expects a weight [" << c << ", K] for the "
                           << "channels-last input of " << c
                           << " channels, found "
                           << ssl::formatShape((*w)->shape);
  int64_t k = (*w)->shape[1];
  // The 1x1 convolution's [K, C, 1, 1] weight is PyTorch's Linear weight
  // [K, C]: keep its name when the export transposed it.
  Value weight;
  auto source = transposedFrom.find(node.input(1));
  if (source != transposedFrom.end() && isConstant(source->second)) {
    const ConstTensor &s = constants[source->second];
    weight = parameter(s, "conv1x1", {k, c, 1, 1}, s.floats);
  } else {
    weight = parameter(**w, "conv1x1", {k, c, 1, 1},
                       transpose((*w)->floats, c, k));
  }
  Value y = builder->conv2d(x, weight, Value());
  biasFreeDense[y.getDefiningOp()] = node.output(0);
  defineLaidOut(node, y, /*cl=*/true);
  return success();
}

} // namespace sslc::onnx_import
