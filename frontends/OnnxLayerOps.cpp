//===- OnnxLayerOps.cpp - layers and activations ---------------------------===//
//
// Conv, Gemm, MatMul, Add, BatchNormalization, the activations, Mul,
// ReduceMean and pooling as ssl ops.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporterInternal.h"

#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace sslc::onnx_import {

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult Importer::importConv(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"auto_pad", "dilations", "group",
                                    "kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<LinearOperands> operands = linearOperands(node);
  if (failed(operands))
    return failure();
  const ConstTensor *b = operands->bias;
  const std::vector<int64_t> &wShape = operands->weight->shape;
  if (wShape.size() != 4)
    return nodeError(node) << "only 2-D convolutions are supported, found a "
                           << "weight of shape " << ssl::formatShape(wShape);
  std::vector<int64_t> weightKernel{wShape[2], wShape[3]};
  FailureOr<Window> window = windowAttrs(node, &weightKernel);
  FailureOr<int64_t> groups = intAttr(node, "group", 1);
  if (failed(window) || failed(groups))
    return failure();
  // A zero Pad before the convolution is more of its zero padding.
  operands->x = foldPadInto(node, operands->x, window->pads);

  auto emit = [&] { return nodeError(node); };
  ssl::ConvAttrs attrs{window->strides, window->pads, window->dilations,
                       *groups};
  if (failed(
          ssl::inferConv2dType(emit, operands->x.getType(), tensorType(wShape),
                               b ? Type(tensorType(b->shape)) : Type(), attrs)))
    return failure();
  ConvOptions o;
  o.strides = window->strides;
  o.pads = window->pads;
  o.dilations = window->dilations;
  o.groups = *groups;
  Value weight = parameter(*operands->weight);
  Value bias = b ? parameter(*b) : Value();
  define(node, builder->conv2d(operands->x, weight, bias, o));
  return success();
}

LogicalResult Importer::importDense(const onnx::NodeProto &node,
                                    bool weightIsKM, bool withBias) {
  FailureOr<LinearOperands> operands = linearOperands(node);
  if (failed(operands))
    return failure();
  Value x = operands->x;
  const ConstTensor &w = *operands->weight;
  const ConstTensor *bias = withBias ? operands->bias : nullptr;
  llvm::ArrayRef<int64_t> xShape = shapeOf(x);
  if (xShape.size() != 2)
    return nodeError(node) << "expects an input of rank 2 [N, K], found "
                           << ssl::formatShape(xShape) << " (flatten it first)";
  if (w.shape.size() != 2)
    return nodeError(node) << "expects a rank-2 weight, found "
                           << ssl::formatShape(w.shape);
  int64_t k = xShape[1];
  int64_t wk = weightIsKM ? w.shape[0] : w.shape[1];
  int64_t m = weightIsKM ? w.shape[1] : w.shape[0];
  if (wk != k)
    return nodeError(node) << "expects a weight with " << k
                           << " input features for an input of shape "
                           << ssl::formatShape(xShape) << ", found weight "
                           << ssl::formatShape(w.shape)
                           << (weightIsKM ? " [K, M]" : " [M, K]");
  if (bias && !(bias->shape == std::vector<int64_t>{m} ||
                bias->shape == std::vector<int64_t>{1, m}))
    return nodeError(node) << "expects a bias of shape [" << m << "] or [1, "
                           << m << "], found " << ssl::formatShape(bias->shape)
                           << " (other broadcasts are not supported)";
  // ssl.dense takes PyTorch's [M, K] layout, so a [K, M] weight is stored
  // transposed under its ONNX name.
  Value weight =
      weightIsKM ? parameter(w, "transposed", {m, k}, transpose(w.floats, k, m))
                 : parameter(w);
  Value b = bias ? biasParameter(*bias) : Value();
  Value y = builder->dense(x, weight, b);
  if (!bias)
    biasFreeDense[y.getDefiningOp()] = node.output(0);
  define(node, y);
  return success();
}

LogicalResult Importer::importGemm(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"alpha", "beta", "transA", "transB"})))
    return failure();
  FailureOr<float> alpha = floatAttr(node, "alpha", 1.0f);
  FailureOr<float> beta = floatAttr(node, "beta", 1.0f);
  FailureOr<int64_t> transA = intAttr(node, "transA", 0);
  FailureOr<int64_t> transB = intAttr(node, "transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  if (*alpha != 1.0f)
    return nodeError(node) << "alpha " << ssl::formatFloat(*alpha)
                           << " is not supported (expected 1)";
  if (*beta != 1.0f && hasInput(node, 2))
    return nodeError(node) << "beta " << ssl::formatFloat(*beta)
                           << " is not supported (expected 1)";
  if (*transA != 0)
    return nodeError(node) << "transA " << *transA
                           << " is not supported (expected 0)";
  if (*transB != 0 && *transB != 1)
    return nodeError(node) << "transB " << *transB
                           << " is not a valid value (0 or 1)";
  return importDense(node, /*weightIsKM=*/*transB == 0, /*withBias=*/true);
}

LogicalResult Importer::importMatMul(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (hasInput(node, 0) && isChannelsLast(node.input(0))) {
    FailureOr<Value> x = activation(node, 0, /*channelsLastOk=*/true);
    if (failed(x))
      return failure();
    return importChannelsLastMatMul(node, *x);
  }
  return importDense(node, /*weightIsKM=*/true, /*withBias=*/false);
}

FailureOr<std::pair<bool, bool>>
Importer::binaryOperands(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (!hasInput(node, 0) || !hasInput(node, 1))
    return nodeError(node) << "expects two inputs";
  bool lhsConst = isConstant(node.input(0));
  bool rhsConst = isConstant(node.input(1));
  if (lhsConst && rhsConst)
    return nodeError(node) << "both operands are constants; constant folding "
                              "is not supported";
  return std::make_pair(lhsConst, rhsConst);
}

LogicalResult Importer::importAdd(const onnx::NodeProto &node) {
  FailureOr<std::pair<bool, bool>> constants = binaryOperands(node);
  if (failed(constants))
    return failure();
  auto [lhsConst, rhsConst] = *constants;
  FailureOr<bool> step = addStep(node);
  if (failed(step) || *step)
    return failure(failed(step));
  int actIndex = lhsConst ? 1 : 0;
  const std::string &act = node.input(actIndex);
  if (!lhsConst && !rhsConst) {
    FailureOr<Value> a = activation(node, 0, /*channelsLastOk=*/true);
    FailureOr<Value> b = activation(node, 1, /*channelsLastOk=*/true);
    if (failed(a) || failed(b))
      return failure();
    bool cl = isChannelsLast(node.input(0));
    if (a->getType() != b->getType() || cl != isChannelsLast(node.input(1)))
      return nodeError(node) << "expects operands of the same shape, found "
                             << ssl::formatShape(shapeOf(*a))
                             << (cl ? " channels-last" : "") << " and "
                             << ssl::formatShape(shapeOf(*b))
                             << (isChannelsLast(node.input(1))
                                     ? " channels-last"
                                     : "")
                             << " (broadcasting is not supported)";
    defineLaidOut(node, builder->add(*a, *b), cl);
    return success();
  }

  // activation + constant: the bias of the MatMul (or bias-free Gemm) that
  // produced the activation, as in `x @ W + b` exports; a MatMul of a
  // channels-last tensor is a 1x1 convolution.
  FailureOr<Value> x = activation(node, actIndex, /*channelsLastOk=*/true);
  if (failed(x))
    return failure();
  FailureOr<const ConstTensor *> c = floatConstant(node, 1 - actIndex, "bias");
  if (failed(c))
    return failure();
  if (auto conv = x->getDefiningOp<ssl::Conv2dOp>()) {
    auto producer = biasFreeDense.find(conv);
    int64_t k = shapeOf(*x)[1];
    if (producer == biasFreeDense.end() || producer->second != act ||
        uses.lookup(act) != 1 || !x->use_empty())
      return nodeError(node) << "adding the constant '" << (*c)->name
                             << "' is only supported as the bias of a MatMul "
                                "whose result has no other use";
    if (product((*c)->shape) != k || (*c)->shape.back() != k)
      return nodeError(node)
             << "expects a bias of shape [" << k << "] for the MatMul result "
             << ssl::formatShape(shapeOf(*x)) << " (channels-last), found "
             << ssl::formatShape((*c)->shape);
    builder->setLocation(FusedLoc::get(
        ctx,
        {conv.getLoc(), NameLoc::get(StringAttr::get(ctx, nodeLabel(node)))}));
    Value bias = biasParameter(**c);
    Value fused = builder->conv2d(conv.getInput(), conv.getWeight(), bias);
    biasFreeDense.erase(producer);
    values.erase(act);
    channelsLast.erase(act);
    conv.erase();
    defineLaidOut(node, fused, /*cl=*/true);
    return success();
  }
  auto dense = x->getDefiningOp<ssl::DenseOp>();
  auto producer = dense ? biasFreeDense.find(dense) : biasFreeDense.end();
  if (producer == biasFreeDense.end() ||
      producer->second != node.input(actIndex) ||
      uses.lookup(node.input(actIndex)) != 1 || !x->use_empty())
    return nodeError(node) << "adding the constant '" << (*c)->name
                           << "' is only supported as the bias of a MatMul "
                              "whose result has no other use";
  int64_t m = shapeOf(*x)[1];
  if (!((*c)->shape == std::vector<int64_t>{m} ||
        (*c)->shape == std::vector<int64_t>{1, m}))
    return nodeError(node) << "expects a bias of shape [" << m << "] or [1, "
                           << m << "] for the MatMul result "
                           << ssl::formatShape(shapeOf(*x)) << ", found "
                           << ssl::formatShape((*c)->shape);
  // The fused op answers for both nodes in later diagnostics.
  builder->setLocation(FusedLoc::get(
      ctx,
      {dense.getLoc(), NameLoc::get(StringAttr::get(ctx, nodeLabel(node)))}));
  Value bias = biasParameter(**c);
  Value fused = builder->dense(dense.getInput(), dense.getWeight(), bias);
  biasFreeDense.erase(producer);
  values.erase(node.input(actIndex));
  dense.erase();
  define(node, fused);
  return success();
}

LogicalResult Importer::importBatchNorm(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"epsilon", "momentum", "training_mode"})))
    return failure();
  FailureOr<float> epsilon = floatAttr(node, "epsilon", 1e-5f);
  FailureOr<float> momentum = floatAttr(node, "momentum", 0.9f);
  FailureOr<bool> training = flagAttr(node, "training_mode");
  if (failed(epsilon) || failed(momentum) || failed(training))
    return failure();
  if (*training)
    return nodeError(node)
           << "training_mode 1 is not supported (inference statistics only)";
  if (failed(checkExtraOutputsUnused(node)))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  const char *roles[] = {"scale", "bias", "mean", "variance"};
  const ConstTensor *params[4];
  SmallVector<std::pair<llvm::StringRef, Type>> types;
  for (int i = 0; i < 4; ++i) {
    FailureOr<const ConstTensor *> p = floatConstant(node, i + 1, roles[i]);
    if (failed(p))
      return failure();
    params[i] = *p;
    types.push_back({roles[i], tensorType((*p)->shape)});
  }
  if (failed(ssl::verifyBatchNormOperands([&] { return nodeError(node); },
                                          x->getType(), types, *epsilon)))
    return failure();
  define(node, builder->batchNorm(*x, parameter(*params[0]),
                                  parameter(*params[1]), parameter(*params[2]),
                                  parameter(*params[3]), *epsilon));
  return success();
}

LogicalResult Importer::importUnary(const onnx::NodeProto &node,
                                    Value (NetworkBuilder::*build)(Value)) {
  if (failed(checkAttributes(node, {})))
    return failure();
  // Elementwise: a channels-last view stays one.
  FailureOr<Value> x = activation(node, 0, /*channelsLastOk=*/true);
  if (failed(x))
    return failure();
  defineLaidOut(node, ((*builder).*build)(*x), isChannelsLast(node.input(0)));
  return success();
}

LogicalResult Importer::importRelu(const onnx::NodeProto &node) {
  return importUnary(node, &NetworkBuilder::relu);
}

FailureOr<float> Importer::clipBound(const onnx::NodeProto &node, int index,
                                     llvm::StringRef role, float dflt) {
  if (!hasInput(node, index))
    return dflt;
  FailureOr<const ConstTensor *> c = floatConstant(node, index, role);
  if (failed(c))
    return failure();
  if ((*c)->floats.size() != 1) {
    nodeError(node) << role << " '" << (*c)->name
                    << "' must be a scalar, found shape "
                    << ssl::formatShape((*c)->shape);
    return failure();
  }
  return (*c)->floats.front();
}

LogicalResult Importer::importClip(const onnx::NodeProto &node) {
  // From opset 11 (the oldest this importer reads) the bounds are optional
  // inputs; ONNX's defaults are the lowest and largest finite floats.
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  FailureOr<float> lo =
      clipBound(node, 1, "min", std::numeric_limits<float>::lowest());
  FailureOr<float> hi =
      clipBound(node, 2, "max", std::numeric_limits<float>::max());
  if (failed(x) || failed(lo) || failed(hi) ||
      failed(ssl::verifyClipBounds([&] { return nodeError(node); }, *lo, *hi)))
    return failure();
  define(node, builder->clip(*x, *lo, *hi));
  return success();
}

LogicalResult Importer::importSigmoid(const onnx::NodeProto &node) {
  return importUnary(node, &NetworkBuilder::sigmoid);
}

LogicalResult Importer::importHardSigmoid(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"alpha", "beta"})))
    return failure();
  FailureOr<float> alpha = floatAttr(node, "alpha", 0.2f);
  FailureOr<float> beta = floatAttr(node, "beta", 0.5f);
  FailureOr<Value> x = activation(node, 0);
  if (failed(alpha) || failed(beta) || failed(x) ||
      failed(ssl::verifyHardSigmoidAttrs([&] { return nodeError(node); },
                                         *alpha, *beta)))
    return failure();
  define(node, builder->hardSigmoid(*x, *alpha, *beta));
  return success();
}

LogicalResult Importer::importHardSwish(const onnx::NodeProto &node) {
  return importUnary(node, &NetworkBuilder::hardSwish);
}

LogicalResult Importer::importMul(const onnx::NodeProto &node) {
  FailureOr<std::pair<bool, bool>> constants = binaryOperands(node);
  if (failed(constants))
    return failure();
  auto [lhsConst, rhsConst] = *constants;
  auto emit = [&] { return nodeError(node); };
  FailureOr<bool> step = mulStep(node);
  if (failed(step) || *step)
    return failure(failed(step));
  if (!lhsConst && !rhsConst) {
    FailureOr<Value> a = activation(node, 0);
    FailureOr<Value> b = activation(node, 1);
    if (failed(a) || failed(b))
      return failure();
    // ssl.mul broadcasts its second operand; the product commutes exactly,
    // so a broadcast first operand (PyTorch's `scale * input` in
    // squeeze-and-excitation) is swapped.
    if (!ssl::mulBroadcasts(shapeOf(*a), shapeOf(*b)) &&
        ssl::mulBroadcasts(shapeOf(*b), shapeOf(*a)))
      std::swap(*a, *b);
    if (failed(ssl::verifyMulOperands(emit, a->getType(), b->getType())))
      return failure();
    define(node, builder->mul(*a, *b));
    return success();
  }
  // activation · constant: the constant, aligned to the activation's
  // trailing axes as ONNX broadcasting aligns them, becomes a parameter of
  // the activation's rank.
  int actIndex = lhsConst ? 1 : 0;
  FailureOr<Value> x = activation(node, actIndex);
  if (failed(x))
    return failure();
  FailureOr<const ConstTensor *> c =
      floatConstant(node, 1 - actIndex, "factor");
  if (failed(c))
    return failure();
  llvm::ArrayRef<int64_t> xShape = shapeOf(*x);
  const std::vector<int64_t> &cShape = (*c)->shape;
  if (cShape.size() > xShape.size())
    return nodeError(node) << "constant '" << (*c)->name << "' of shape "
                           << ssl::formatShape(cShape)
                           << " has a higher rank than the activation "
                           << ssl::formatShape(xShape);
  std::vector<int64_t> shape(xShape.size() - cShape.size(), 1);
  shape.insert(shape.end(), cShape.begin(), cShape.end());
  if (failed(ssl::verifyMulOperands(emit, x->getType(), tensorType(shape))))
    return failure();
  Value factor = shape == cShape
                     ? parameter(**c)
                     : parameter(**c, "broadcast", shape, (*c)->floats);
  define(node, builder->mul(*x, factor));
  return success();
}

LogicalResult Importer::importReduceMean(const onnx::NodeProto &node) {
  // Axes are an attribute up to opset 17 (the newest this importer reads).
  if (failed(checkAttributes(node, {"axes", "keepdims"})))
    return failure();
  FailureOr<std::vector<int64_t>> axes = intsAttr(node, "axes", {});
  FailureOr<int64_t> keepDims = intAttr(node, "keepdims", 1);
  if (failed(axes) || failed(keepDims))
    return failure();
  FailureOr<bool> step = meanStep(node, *axes, *keepDims);
  if (failed(step) || *step)
    return failure(failed(step));
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  if (*keepDims != 0 && *keepDims != 1)
    return nodeError(node) << "keepdims " << *keepDims
                           << " is not a valid value (0 or 1)";
  llvm::ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = static_cast<int64_t>(shape.size());
  std::vector<int64_t> normalized;
  for (int64_t a : *axes)
    normalized.push_back(a < 0 ? a + rank : a);
  llvm::sort(normalized);
  if (rank != 4 || normalized != std::vector<int64_t>{2, 3})
    return nodeError(node) << "reducing axes " << ssl::formatShape(*axes)
                           << " of a tensor of shape "
                           << ssl::formatShape(shape)
                           << " is not supported (only the spatial axes "
                              "[2, 3] of [N, C, H, W])";
  // The mean over H and W is ssl.global_avg_pool ([N, C, 1, 1]); without
  // keepdims the unit axes go with a flatten to [N, C].
  Value pooled = builder->globalAvgPool(*x);
  define(node, *keepDims ? pooled : builder->flatten(pooled));
  return success();
}

LogicalResult Importer::importMaxPool(const onnx::NodeProto &node) {
  return importPool(node, /*average=*/false);
}

LogicalResult Importer::importAveragePool(const onnx::NodeProto &node) {
  return importPool(node, /*average=*/true);
}

LogicalResult Importer::importPool(const onnx::NodeProto &node, bool average) {
  // storage_order only lays out MaxPool's Indices output, which must be
  // unused; AveragePool has dilations only from opset 19.
  if (failed(average
                 ? checkAttributes(node, {"auto_pad", "ceil_mode",
                                          "count_include_pad", "kernel_shape",
                                          "pads", "strides"})
                 : checkAttributes(node, {"auto_pad", "ceil_mode", "dilations",
                                          "kernel_shape", "pads",
                                          "storage_order", "strides"})))
    return failure();
  FailureOr<Window> window = windowAttrs(node, nullptr);
  FailureOr<bool> ceilMode = flagAttr(node, "ceil_mode");
  FailureOr<bool> countIncludePad = flagAttr(node, "count_include_pad");
  FailureOr<bool> storageOrder = flagAttr(node, "storage_order");
  if (failed(window) || failed(ceilMode) || failed(countIncludePad) ||
      failed(storageOrder) || failed(checkExtraOutputsUnused(node)))
    return failure();
  if (window->dilations != std::vector<int64_t>{1, 1})
    return nodeError(node) << "dilations "
                           << ssl::formatShape(window->dilations)
                           << " are not supported for pooling";
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  // PyTorch exports AvgPool2d(count_include_pad=True) as a zero Pad and an
  // unpadded AveragePool: padding that counts in the divisor, which is what
  // the pooling's own count-including padding is. Not in ceil mode, where
  // ssl drops a last window that starts in the padding but the Pad's
  // zeros are data; never for max pooling, whose padding is -inf.
  if (average && !*ceilMode &&
      (*countIncludePad ||
       window->pads == std::vector<int64_t>{0, 0, 0, 0})) {
    std::vector<int64_t> pads = window->pads;
    Value unpadded = foldPadInto(node, *x, pads);
    if (unpadded != *x) {
      *x = unpadded;
      window->pads = pads;
      *countIncludePad = true;
    }
  }
  // In ceil mode ssl pooling drops a last window that would start in the
  // end padding or past the input: the rule of PyTorch (which exported the
  // models this compiler targets) and of ONNX from opset 19. Opsets 11-17
  // keep such a window; the two agree whenever it cannot occur.
  ssl::PoolAttrs attrs{window->kernel, window->strides, window->pads,
                       *ceilMode};
  if (failed(ssl::inferPool2dType([&] { return nodeError(node); }, x->getType(),
                                  attrs)))
    return failure();
  PoolOptions o;
  o.kernel = window->kernel;
  o.strides = window->strides;
  o.pads = window->pads;
  o.ceilMode = *ceilMode;
  o.countIncludePad = *countIncludePad;
  define(node, average ? builder->avgPool2d(*x, o) : builder->maxPool2d(*x, o));
  return success();
}

LogicalResult Importer::importGlobalAveragePool(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x) || failed(ssl::inferGlobalAvgPoolType(
                       [&] { return nodeError(node); }, x->getType())))
    return failure();
  define(node, builder->globalAvgPool(*x));
  return success();
}

} // namespace sslc::onnx_import
