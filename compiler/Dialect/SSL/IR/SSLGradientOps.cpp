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
/// Diagnostics of the forward type rules, reported at the backward op.
auto opEmitter(Operation *op) {
  return [op] { return op->emitOpError(); };
}
} // namespace

//===----------------------------------------------------------------------===//
// DenseGradInputOp, DenseGradWeightOp, BiasGradOp
//===----------------------------------------------------------------------===//

LogicalResult DenseGradInputOp::inferResultTypes(EmitErrorFn emitError,
                                                 Adaptor op,
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
    return fail(emitError() << "expects weight with " << dy->getDimSize(1)
                       << " output features, found " << w->getDimSize(0));
  types.push_back(
      getF32Tensor({dy->getDimSize(0), w->getDimSize(1)}, dy->getContext()));
  return success();
}

LogicalResult
DenseGradWeightOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
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
    return fail(emitError() << "expects grad_output with " << x->getDimSize(0)
                       << " rows, found " << dy->getDimSize(0));
  types.push_back(
      getF32Tensor({dy->getDimSize(1), x->getDimSize(1)}, x->getContext()));
  return success();
}

LogicalResult BiasGradOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
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
  types.push_back(getF32Tensor({dy.getDimSize(1)}, dy.getContext()));
  return success();
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
  return verifyGradOutput(*this,
                          inferConv2dType(opEmitter(*this), input,
                                          getWeight().getType(), Type(),
                                          getConvAttrs(*this), "grad_input"),
                          getGradOutput().getType(), input);
}

LogicalResult Conv2dGradWeightOp::verify() {
  Type input = getInput().getType();
  return verifyGradOutput(
      *this,
      inferConv2dType(opEmitter(*this), input, getGradWeight().getType(),
                      Type(), getConvAttrs(*this), "input", "grad_weight"),
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
  return verifyGradOutput(
      *this, inferPool2dType(opEmitter(*this), input, getPoolAttrs(*this)),
      getGradOutput().getType(), input);
}

LogicalResult AvgPool2dGradOp::verify() {
  Type input = getGradInput().getType();
  return verifyGradOutput(*this,
                          inferPool2dType(opEmitter(*this), input,
                                          getPoolAttrs(*this), "grad_input"),
                          getGradOutput().getType(), input);
}

LogicalResult GlobalAvgPoolGradOp::verify() {
  Type input = getGradInput().getType();
  return verifyGradOutput(
      *this, inferGlobalAvgPoolType(opEmitter(*this), input, "grad_input"),
      getGradOutput().getType(), input);
}

//===----------------------------------------------------------------------===//
// FlattenGradOp, ConcatGradOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenGradOp::verify() {
  Type input = getGradInput().getType();
  return verifyGradOutput(
      *this, inferFlattenType(opEmitter(*this), input, "grad_input"),
      getGradOutput().getType(), input);
}

LogicalResult ConcatGradOp::verify() {
  return verifyGradOutput(
      *this,
      inferConcatType(opEmitter(*this), getGradInputs().getTypes(),
                      static_cast<int64_t>(getAxis()), "result"),
      getGradOutput().getType(), Type());
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
