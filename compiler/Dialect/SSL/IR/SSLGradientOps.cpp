//===- SSLGradientOps.cpp - verifiers of ssl backward ops ----------------===//
//
// A backward op whose result has the type of a forward operand checks itself
// by running the forward type rule on that result: the forward output type
// it gives must be the type of `grad_output`.
//
//===----------------------------------------------------------------------===//
#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace sslc::ssl;

void SSLDialect::registerGradientOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/Dialect/SSL/IR/SSLGradientOps.cpp.inc"
      >();
}

namespace {
RankedTensorType f32Tensor(ArrayRef<int64_t> shape, MLIRContext *ctx) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}
} // namespace

//===----------------------------------------------------------------------===//
// DenseGradInputOp, DenseGradWeightOp, BiasGradOp
//===----------------------------------------------------------------------===//

static LogicalResult inferDenseGradInput(EmitErrorFn emitError,
                                         DenseGradInputOp::Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> dy = getRankedTensor(
      emitError, op.getGradOutput().getType(), 2, "grad_output [N, M]");
  if (failed(dy))
    return failure();
  FailureOr<RankedTensorType> w =
      getRankedTensor(emitError, op.getWeight().getType(), 2, "weight [M, K]");
  if (failed(w))
    return failure();
  if (!sizesMatch(dy->getDimSize(1), w->getDimSize(0)))
    return emitError() << "expects weight with " << dy->getDimSize(1)
                       << " output features, found " << w->getDimSize(0);
  types.push_back(
      f32Tensor({dy->getDimSize(0), w->getDimSize(1)}, dy->getContext()));
  return success();
}

LogicalResult DenseGradInputOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  return inferDenseGradInput(InferErrorEmitter(loc, getOperationName()),
                             adaptor, types);
}

LogicalResult DenseGradInputOp::verify() {
  return verifyInferredResultTypes(*this, inferDenseGradInput);
}

static LogicalResult inferDenseGradWeight(EmitErrorFn emitError,
                                          DenseGradWeightOp::Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> x =
      getRankedTensor(emitError, op.getInput().getType(), 2, "input [N, K]");
  if (failed(x))
    return failure();
  FailureOr<RankedTensorType> dy = getRankedTensor(
      emitError, op.getGradOutput().getType(), 2, "grad_output [N, M]");
  if (failed(dy))
    return failure();
  if (!sizesMatch(x->getDimSize(0), dy->getDimSize(0)))
    return emitError() << "expects grad_output with " << x->getDimSize(0)
                       << " rows, found " << dy->getDimSize(0);
  types.push_back(
      f32Tensor({dy->getDimSize(1), x->getDimSize(1)}, x->getContext()));
  return success();
}

LogicalResult
DenseGradWeightOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                    Adaptor adaptor,
                                    SmallVectorImpl<Type> &types) {
  return inferDenseGradWeight(InferErrorEmitter(loc, getOperationName()),
                              adaptor, types);
}

LogicalResult DenseGradWeightOp::verify() {
  return verifyInferredResultTypes(*this, inferDenseGradWeight);
}

static LogicalResult inferBiasGrad(EmitErrorFn emitError,
                                   BiasGradOp::Adaptor op,
                                   SmallVectorImpl<Type> &types) {
  auto dy = dyn_cast<RankedTensorType>(op.getGradOutput().getType());
  if (!dy || (dy.getRank() != 2 && dy.getRank() != 4)) {
    InFlightDiagnostic diag = emitError();
    diag << "expects grad_output of rank 2 [N, M] or 4 [N, O, OH, OW], found ";
    if (dy)
      diag << "rank " << dy.getRank();
    else
      diag << op.getGradOutput().getType();
    return failure();
  }
  types.push_back(f32Tensor({dy.getDimSize(1)}, dy.getContext()));
  return success();
}

LogicalResult BiasGradOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  return inferBiasGrad(InferErrorEmitter(loc, getOperationName()), adaptor,
                       types);
}

LogicalResult BiasGradOp::verify() {
  return verifyInferredResultTypes(*this, inferBiasGrad);
}

//===----------------------------------------------------------------------===//
// Conv2dGradInputOp, Conv2dGradWeightOp
//===----------------------------------------------------------------------===//

template <typename OpTy> static ConvAttrs getConvAttrs(OpTy op) {
  return {op.getStrides(), op.getPads(), op.getDilations(),
          static_cast<int64_t>(op.getGroups())};
}

LogicalResult Conv2dGradInputOp::verify() {
  Type input = getGradInput().getType();
  FailureOr<RankedTensorType> forward = inferConv2dType(
      [&] { return emitOpError(); }, input, getWeight().getType(), Type(),
      getConvAttrs(*this), "grad_input");
  if (failed(forward))
    return failure();
  return verifyForwardOutput(*this, "grad_output", *forward,
                             getGradOutput().getType(), input);
}

LogicalResult Conv2dGradWeightOp::verify() {
  Type input = getInput().getType();
  FailureOr<RankedTensorType> forward = inferConv2dType(
      [&] { return emitOpError(); }, input, getGradWeight().getType(), Type(),
      getConvAttrs(*this), "input", "grad_weight");
  if (failed(forward))
    return failure();
  return verifyForwardOutput(*this, "grad_output", *forward,
                             getGradOutput().getType(), input);
}

//===----------------------------------------------------------------------===//
// BatchNormGradOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormGradOp::verify() {
  return verifyBatchNormOperands(
      [&] { return emitOpError(); }, getInput().getType(),
      {{"gamma", getGamma().getType()},
       {"batch_mean", getBatchMean().getType()},
       {"batch_variance", getBatchVariance().getType()}},
      getEpsilon().convertToFloat());
}

//===----------------------------------------------------------------------===//
// MaxPool2dGradOp, AvgPool2dGradOp, GlobalAvgPoolGradOp
//===----------------------------------------------------------------------===//

template <typename OpTy> static PoolAttrs getPoolAttrs(OpTy op) {
  return {op.getKernel(), op.getStrides(), op.getPads(), op.getCeilMode()};
}

LogicalResult MaxPool2dGradOp::verify() {
  Type input = getInput().getType();
  FailureOr<RankedTensorType> forward = inferPool2dType(
      [&] { return emitOpError(); }, input, getPoolAttrs(*this));
  if (failed(forward))
    return failure();
  return verifyForwardOutput(*this, "grad_output", *forward,
                             getGradOutput().getType(), input);
}

LogicalResult AvgPool2dGradOp::verify() {
  Type input = getGradInput().getType();
  FailureOr<RankedTensorType> forward = inferPool2dType(
      [&] { return emitOpError(); }, input, getPoolAttrs(*this), "grad_input");
  if (failed(forward))
    return failure();
  return verifyForwardOutput(*this, "grad_output", *forward,
                             getGradOutput().getType(), input);
}

LogicalResult GlobalAvgPoolGradOp::verify() {
  Type input = getGradInput().getType();
  FailureOr<RankedTensorType> forward = inferGlobalAvgPoolType(
      [&] { return emitOpError(); }, input, "grad_input");
  if (failed(forward))
    return failure();
  return verifyForwardOutput(*this, "grad_output", *forward,
                             getGradOutput().getType(), input);
}

//===----------------------------------------------------------------------===//
// FlattenGradOp, ConcatGradOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenGradOp::verify() {
  Type input = getGradInput().getType();
  FailureOr<RankedTensorType> forward =
      inferFlattenType([&] { return emitOpError(); }, input, "grad_input");
  if (failed(forward))
    return failure();
  return verifyForwardOutput(*this, "grad_output", *forward,
                             getGradOutput().getType(), input);
}

LogicalResult ConcatGradOp::verify() {
  TypeRange inputs = getGradInputs().getTypes();
  FailureOr<RankedTensorType> forward =
      inferConcatType([&] { return emitOpError(); }, inputs,
                      static_cast<int64_t>(getAxis()), "result");
  if (failed(forward))
    return failure();
  if (isCompatibleType(*forward, getGradOutput().getType()))
    return success();
  return emitOpError() << "expects grad_output of type " << *forward
                       << " (the forward output for the result types), found "
                       << getGradOutput().getType();
}

//===----------------------------------------------------------------------===//
// SoftmaxCrossEntropyGradOp
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxCrossEntropyGradOp::verify() {
  return verifyCrossEntropyOperands([&] { return emitOpError(); },
                                    getLogits().getType(),
                                    getLabels().getType());
}

#define GET_OP_CLASSES
#include "compiler/Dialect/SSL/IR/SSLGradientOps.cpp.inc"
