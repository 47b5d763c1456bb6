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

const Importer::PartialNorm *Importer::normAt(const std::string &name,
                                              PartialNorm::Step step) {
  auto it = partialNorms.find(name);
  return it != partialNorms.end() && it->second.step == step ? &it->second
                                                             : nullptr;
}

const Importer::PartialGelu *Importer::geluAt(const std::string &name,
                                              PartialGelu::Step step) {
  auto it = partialGelus.find(name);
  return it != partialGelus.end() && it->second.step == step ? &it->second
                                                             : nullptr;
}

LogicalResult Importer::advance(const onnx::NodeProto &node, PartialNorm p,
                                PartialNorm::Step step) {
  p.step = step;
  p.producer = nodeLabel(node);
  partialNorms[node.output(0)] = p;
  return success();
}

LogicalResult Importer::advance(const onnx::NodeProto &node, PartialGelu p,
                                PartialGelu::Step step) {
  p.step = step;
  p.producer = nodeLabel(node);
  partialGelus[node.output(0)] = p;
  return success();
}

FailureOr<const ConstTensor *>
Importer::channelVector(const onnx::NodeProto &node, int index,
                        int64_t channels, llvm::StringRef role) {
  FailureOr<const ConstTensor *> c = floatConstant(node, index, role);
  if (failed(c))
    return failure();
  const std::vector<int64_t> &shape = (*c)->shape;
  if (product(shape) != channels || shape.empty() ||
      shape.back() != channels) {
    nodeError(node) << "expects the layer norm's " << role << " of shape ["
                    << channels << "], found " << ssl::formatShape(shape);
    return failure();
  }
  return c;
}

Value Importer::finishLayerNorm(const std::string &name,
                                const std::string &result,
                                const ConstTensor *beta) {
  PartialNorm p = partialNorms[name];
  partialNorms.erase(name);
  Value x = values[p.input];
  int64_t channels = shapeOf(x)[1];
  auto filled = [&](const char *suffix, float value) {
    ConstTensor c;
    c.name = name + suffix;
    c.isFloat = true;
    c.shape = {channels};
    c.floats.assign(channels, value);
    return parameter(c);
  };
  Value g = p.gamma ? biasParameter(*p.gamma) : filled(".scale", 1.0f);
  Value b = beta ? biasParameter(*beta) : filled(".shift", 0.0f);
  Value y = builder->layerNorm(x, g, b, p.epsilon);
  values[result] = y;
  channelsLast.insert(result);
  return y;
}

FailureOr<bool> Importer::meanStep(const onnx::NodeProto &node,
                                   llvm::ArrayRef<int64_t> axes,
                                   int64_t keepDims) {
  // Both means of a layer norm are over the last axis of the channels-last
  // view, kept.
  if (!hasInput(node, 0) || keepDims != 1 || axes.size() != 1 ||
      (axes[0] != -1 && axes[0] != 3))
    return false;
  const std::string &in = node.input(0);
  if (isChannelsLast(in) && values.count(in)) {
    PartialNorm mean{PartialNorm::Mean, in, "", 0.0f, nullptr, ""};
    return succeeded(advance(node, mean, PartialNorm::Mean));
  }
  if (const PartialNorm *p = normAt(in, PartialNorm::Squared))
    return succeeded(advance(node, *p, PartialNorm::Variance));
  return false;
}

FailureOr<bool> Importer::addStep(const onnx::NodeProto &node) {
  bool lhsConst = isConstant(node.input(0));
  if (lhsConst == isConstant(node.input(1)))
    return false;
  int actIndex = lhsConst ? 1 : 0;
  const std::string &act = node.input(actIndex);
  // variance + epsilon
  std::optional<float> eps = scalarConstant(node, 1 - actIndex);
  if (const PartialNorm *p = normAt(act, PartialNorm::Variance);
      p && eps && *eps > 0.0f) {
    PartialNorm next = *p;
    next.epsilon = *eps;
    return succeeded(advance(node, next, PartialNorm::Shifted));
  }
  // the shift by beta ends the layer norm
  const PartialNorm *norm = normAt(act, PartialNorm::Normalized);
  if (!norm)
    norm = normAt(act, PartialNorm::Scaled);
  if (norm) {
    FailureOr<const ConstTensor *> beta = channelVector(
        node, 1 - actIndex, shapeOf(values[norm->input])[1], "shift");
    if (failed(beta))
      return failure();
    finishLayerNorm(act, node.output(0), *beta);
    return true;
  }
  // erf + 1
  if (const PartialGelu *p = geluAt(act, PartialGelu::Erf);
      p && scalarConstant(node, 1 - actIndex) == 1.0f)
    return succeeded(advance(node, *p, PartialGelu::Shifted));
  return false;
}

FailureOr<bool> Importer::mulStep(const onnx::NodeProto &node) {
  for (int i = 0; i < 2; ++i) {
    const std::string &in = node.input(i), &other = node.input(1 - i);
    // the scale by gamma
    if (const PartialNorm *p = normAt(in, PartialNorm::Normalized);
        p && isConstant(other)) {
      FailureOr<const ConstTensor *> gamma =
          channelVector(node, 1 - i, shapeOf(values[p->input])[1], "scale");
      if (failed(gamma))
        return failure();
      PartialNorm next = *p;
      next.gamma = *gamma;
      partialNorms.erase(in);
      return succeeded(advance(node, next, PartialNorm::Scaled));
    }
    // x · (erf(x / √2) + 1), then · 0.5
    if (const PartialGelu *p = geluAt(in, PartialGelu::Shifted);
        p && other == p->input)
      return succeeded(advance(node, *p, PartialGelu::Product));
    if (const PartialGelu *p = geluAt(in, PartialGelu::Product);
        p && scalarConstant(node, 1 - i) == 0.5f && values.count(p->input)) {
      defineLaidOut(node, builder->gelu(values[p->input]),
                    isChannelsLast(p->input));
      return true;
    }
  }
  return false;
}

LogicalResult Importer::importSub(const onnx::NodeProto &node) {
  if (node.input_size() == 2) {
    // x - mean
    if (const PartialNorm *p = normAt(node.input(1), PartialNorm::Mean);
        p && node.input(0) == p->input) {
      if (failed(checkAttributes(node, {})))
        return failure();
      PartialNorm next = *p;
      next.centered = node.output(0);
      return advance(node, next, PartialNorm::Centered);
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
  // (x - mean)²
  if (node.input_size() == 2)
    if (const PartialNorm *p = normAt(node.input(0), PartialNorm::Centered);
        p && scalarConstant(node, 1) == 2.0f)
      return advance(node, *p, PartialNorm::Squared);
  if (failed(activation(node, 0)))
    return failure();
  return nodeError(node)
         << "is supported only as the square of a layer norm's centered "
            "input (exponent 2)";
}

LogicalResult Importer::importSqrt(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  // √(variance + ε)
  if (hasInput(node, 0))
    if (const PartialNorm *p = normAt(node.input(0), PartialNorm::Shifted))
      return advance(node, *p, PartialNorm::Deviation);
  if (failed(activation(node, 0)))
    return failure();
  return nodeError(node) << "is supported only as the standard deviation of "
                            "a layer norm (Sqrt of variance + epsilon)";
}

LogicalResult Importer::importErf(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  // erf(x / √2)
  if (hasInput(node, 0))
    if (const PartialGelu *p = geluAt(node.input(0), PartialGelu::Scaled))
      return advance(node, *p, PartialGelu::Erf);
  if (failed(activation(node, 0)))
    return failure();
  return nodeError(node) << "is supported only inside a GELU (Div by "
                            "sqrt(2), Erf, Add 1, Mul by the input, Mul by "
                            "0.5)";
}

LogicalResult Importer::importDiv(const onnx::NodeProto &node) {
  if (node.input_size() == 2) {
    // (x - mean) / √(variance + ε)
    const PartialNorm *deviation =
        normAt(node.input(1), PartialNorm::Deviation);
    if (normAt(node.input(0), PartialNorm::Centered) && deviation &&
        deviation->centered == node.input(0)) {
      if (failed(checkAttributes(node, {})))
        return failure();
      return advance(node, *deviation, PartialNorm::Normalized);
    }
    // GELU's first step: x / √2.
    std::optional<float> divisor = scalarConstant(node, 1);
    if (values.count(node.input(0)) && divisor &&
        std::fabs(*divisor - 1.41421356f) <= 1e-6f) {
      if (failed(checkAttributes(node, {})))
        return failure();
      return advance(node, PartialGelu{PartialGelu::Scaled, node.input(0), ""},
                     PartialGelu::Scaled);
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
