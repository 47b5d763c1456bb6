//===- SSLOps.cpp - verifiers and type inference of ssl network ops ------===//
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include <algorithm>

using namespace mlir;
using namespace sslc::ssl;

void SSLDialect::registerNetworkOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/Dialect/SSL/IR/SSLOps.cpp.inc"
      >();
}

namespace {
Type typeOrNull(Value value) { return value ? value.getType() : Type(); }
} // namespace

//===----------------------------------------------------------------------===//
// DenseOp
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                        SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, op.getInput().getType(), 2, "input [N, K]");
  if (failed(in))
    return failure();
  FailureOr<RankedTensorType> w =
      getRankedTensor(emitError, op.getWeight().getType(), 2, "weight [M, K]");
  if (failed(w))
    return failure();
  if (!sizesMatch(in->getDimSize(1), w->getDimSize(1)))
    return fail(emitError() << "expects weight with " << in->getDimSize(1)
                       << " input features, found " << w->getDimSize(1));
  if (Value bias = op.getBias()) {
    FailureOr<RankedTensorType> b =
        getRankedTensor(emitError, bias.getType(), 1, "bias [M]");
    if (failed(b))
      return failure();
    if (!sizesMatch(b->getDimSize(0), w->getDimSize(0)))
      return fail(emitError() << "expects bias of shape "
                         << formatShape({w->getDimSize(0)}) << ", found "
                         << formatShape(b->getShape()));
  }
  types.push_back(
      getF32Tensor({in->getDimSize(0), w->getDimSize(0)}, in->getContext()));
  return success();
}

//===----------------------------------------------------------------------===//
// Conv2dOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2dOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type =
      inferConv2dType(emitError, op.getInput().getType(),
                      op.getWeight().getType(), typeOrNull(op.getBias()),
                      {op.getStrides(), op.getPads(), op.getDilations(),
                       static_cast<int64_t>(op.getGroups())});
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

//===----------------------------------------------------------------------===//
// ShapePrunedConv2dOp
//===----------------------------------------------------------------------===//

namespace {
std::string formatTap(ArrayRef<int64_t> tap) {
  return "(" + std::to_string(tap[0]) + ", " + std::to_string(tap[1]) + ", " +
         std::to_string(tap[2]) + ")";
}
} // namespace

/// Taps are rows (c, kh, kw) inside [C, KH, KW] in strictly increasing
/// order, which makes them unique and gives codegen a canonical gather order.
/// Returns the most taps any of the `groups` channel groups has (the weight
/// columns), or failure.
static FailureOr<int64_t> verifyTaps(EmitErrorFn emitError,
                                     DenseIntElementsAttr taps,
                                     int64_t channels, ArrayRef<int64_t> kernel,
                                     int64_t groups) {
  ArrayRef<int64_t> shape = taps.getType().getShape();
  if (shape.size() != 2 || shape[1] != 3)
    return fail(emitError() << "expects taps of shape [T, 3] holding (c, kh, kw), "
                          "found "
                       << formatShape(shape));
  int64_t count = shape[0];
  if (count < 1)
    return fail(emitError() << "expects at least one tap, found " << count);
  SmallVector<int64_t> values(taps.getValues<int64_t>());
  int64_t limits[3] = {channels, kernel[0], kernel[1]};
  bool known = !ShapedType::isDynamic(channels);
  SmallVector<int64_t> perGroup(known ? groups : 1, 0);
  for (int64_t t = 0; t < count; ++t) {
    ArrayRef<int64_t> tap = ArrayRef(values).slice(3 * t, 3);
    for (int i = 0; i < 3; ++i) {
      if (tap[i] < 0 ||
          (!ShapedType::isDynamic(limits[i]) && tap[i] >= limits[i]))
        return fail(emitError() << "expects tap #" << t
                           << " inside [C, KH, KW] = " << formatShape(limits)
                           << ", found " << formatTap(tap));
    }
    if (t > 0) {
      ArrayRef<int64_t> previous = ArrayRef(values).slice(3 * (t - 1), 3);
      if (!std::lexicographical_compare(previous.begin(), previous.end(),
                                        tap.begin(), tap.end()))
        return fail(emitError() << "expects taps in strictly increasing (c, kh, kw) "
                              "order, found tap #"
                           << t << " " << formatTap(tap) << " after "
                           << formatTap(previous));
    }
    ++perGroup[known ? tap[0] / (channels / groups) : 0];
  }
  return *std::max_element(perGroup.begin(), perGroup.end());
}

LogicalResult
ShapePrunedConv2dOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                      SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> in = getRankedTensor(
      emitError, op.getInput().getType(), 4, "input [N, C, H, W]");
  if (failed(in))
    return failure();
  FailureOr<RankedTensorType> w =
      getRankedTensor(emitError, op.getWeight().getType(), 2, "weight [O, T]");
  if (failed(w) || failed(verifyKernelSize(emitError, op.getKernelSize())) ||
      failed(verifyWindowAttrs(emitError, op.getStrides(), op.getPads(),
                               op.getDilations())))
    return failure();
  const int64_t groups = static_cast<int64_t>(op.getGroups());
  const int64_t channels = in->getDimSize(1);
  if (groups < 1)
    return fail(emitError() << "expects groups >= 1, found " << groups);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0)
    return fail(emitError() << "expects input channels divisible by " << groups
                       << " groups, found " << channels);
  DenseIntElementsAttr taps = op.getTaps();
  if (!taps)
    return fail(emitError() << "expects a taps attribute, found none");
  FailureOr<int64_t> columns =
      verifyTaps(emitError, taps, channels, op.getKernelSize(), groups);
  if (failed(columns))
    return failure();
  if (!sizesMatch(w->getDimSize(1), *columns))
    return fail(emitError() << "expects weight [O, T] with T = " << *columns
                       << " taps" << (groups > 1 ? " (its largest group's)" : "")
                       << ", found " << w->getDimSize(1));
  int64_t outChannels = w->getDimSize(0);
  std::optional<ArrayRef<int64_t>> filters = op.getFilters();
  if (filters && !op.getBias())
    return fail(emitError()
                << "expects a bias [O] (the value of the filters not "
                   "computed) with filters, found none");
  if (Value bias = op.getBias()) {
    FailureOr<RankedTensorType> b =
        getRankedTensor(emitError, bias.getType(), 1, "bias [O]");
    if (failed(b))
      return failure();
    if (filters) {
      outChannels = b->getDimSize(0);
    } else if (!sizesMatch(b->getDimSize(0), outChannels)) {
      return fail(emitError() << "expects bias of shape "
                         << formatShape({outChannels}) << ", found "
                         << formatShape(b->getShape()));
    }
  }
  if (filters) {
    if (!sizesMatch(w->getDimSize(0), filters->size()))
      return fail(emitError() << "expects weight [O', T] with O' = "
                         << filters->size() << " filters, found "
                         << w->getDimSize(0));
    for (size_t i = 0; i < filters->size(); ++i) {
      int64_t f = (*filters)[i];
      if (f < 0 || (!ShapedType::isDynamic(outChannels) && f >= outChannels))
        return fail(emitError() << "expects filters inside [0, " << outChannels
                           << "), found " << f);
      if (i > 0 && f <= (*filters)[i - 1])
        return fail(emitError() << "expects filters in strictly increasing "
                              "order, found "
                           << f << " after " << (*filters)[i - 1]);
    }
  }
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0)
    return fail(emitError() << "expects output channels divisible by "
                       << groups << " groups, found " << outChannels);
  FailureOr<std::pair<int64_t, int64_t>> spatial = inferConvSpatialSizes(
      emitError, *in, op.getKernelSize()[0], op.getKernelSize()[1],
      op.getStrides(), op.getPads(), op.getDilations());
  if (failed(spatial))
    return failure();
  types.push_back(getF32Tensor(
      {in->getDimSize(0), outChannels, spatial->first, spatial->second},
      in->getContext()));
  return success();
}

//===----------------------------------------------------------------------===//
// BatchNormOp, BatchNormTrainOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  return verifyBatchNormOperands([&] { return emitOpError(); },
                                 getInput().getType(),
                                 {{"gamma", getGamma().getType()},
                                  {"beta", getBeta().getType()},
                                  {"mean", getMean().getType()},
                                  {"variance", getVariance().getType()}},
                                 getEpsilon().convertToFloat());
}

LogicalResult LayerNormOp::verify() {
  return verifyBatchNormOperands([&] { return emitOpError(); },
                                 getInput().getType(),
                                 {{"gamma", getGamma().getType()},
                                  {"beta", getBeta().getType()}},
                                 getEpsilon().convertToFloat());
}

LogicalResult BatchNormTrainOp::inferResultTypes(EmitErrorFn emitError,
                                                 Adaptor op,
                                                 SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> in = verifyBatchNormOperands(
      emitError, op.getInput().getType(),
      {{"gamma", op.getGamma().getType()},
       {"beta", op.getBeta().getType()},
       {"running_mean", op.getRunningMean().getType()},
       {"running_variance", op.getRunningVariance().getType()}},
      op.getEpsilon().convertToFloat());
  if (failed(in))
    return failure();
  float momentum = op.getMomentum().convertToFloat();
  if (!(momentum >= 0.0f && momentum <= 1.0f))
    return fail(emitError() << "expects momentum in [0, 1], found "
                       << formatFloat(momentum));
  RankedTensorType stats = getF32Tensor({in->getDimSize(1)}, in->getContext());
  types.append({*in, stats, stats, stats, stats});
  return success();
}

//===----------------------------------------------------------------------===//
// MaxPool2dOp, AvgPool2dOp, GlobalAvgPoolOp
//===----------------------------------------------------------------------===//

template <typename AdaptorTy>
static LogicalResult inferPool2d(EmitErrorFn emitError, AdaptorTy op,
                                 SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type = inferPool2dType(
      emitError, op.getInput().getType(),
      {op.getKernel(), op.getStrides(), op.getPads(), op.getCeilMode()});
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

LogicalResult MaxPool2dOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  return inferPool2d(emitError, op, types);
}

LogicalResult AvgPool2dOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                            SmallVectorImpl<Type> &types) {
  return inferPool2d(emitError, op, types);
}

LogicalResult GlobalAvgPoolOp::inferResultTypes(EmitErrorFn emitError,
                                                Adaptor op,
                                                SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type =
      inferGlobalAvgPoolType(emitError, op.getInput().getType());
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

//===----------------------------------------------------------------------===//
// ClipOp, HardSigmoidOp, MulOp
//===----------------------------------------------------------------------===//

LogicalResult ClipOp::verify() {
  return verifyClipBounds([&] { return emitOpError(); },
                          getMin().convertToFloat(), getMax().convertToFloat());
}

LogicalResult HardSigmoidOp::verify() {
  return verifyHardSigmoidAttrs([&] { return emitOpError(); },
                                getAlpha().convertToFloat(),
                                getBeta().convertToFloat());
}

LogicalResult MulOp::verify() {
  return verifyMulOperands([&] { return emitOpError(); }, getLhs().getType(),
                           getRhs().getType());
}

//===----------------------------------------------------------------------===//
// FlattenOp, SoftmaxOp, DropoutOp, ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                          SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type =
      inferFlattenType(emitError, op.getInput().getType());
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

LogicalResult SoftmaxOp::verify() {
  return getRankedTensor([&] { return emitOpError(); }, getInput().getType(), 2,
                         "input [N, K]");
}

LogicalResult DropoutOp::verify() {
  float ratio = getRatio().convertToFloat();
  if (!(ratio >= 0.0f && ratio < 1.0f))
    return emitOpError() << "expects ratio in [0, 1), found "
                         << formatFloat(ratio);
  return success();
}

LogicalResult ConcatOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type =
      inferConcatType(emitError, ValueRange(op.getInputs()).getTypes(),
                      static_cast<int64_t>(op.getAxis()));
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

//===----------------------------------------------------------------------===//
// PadOp, ChannelShuffleOp, SliceOp, GatherOp
//===----------------------------------------------------------------------===//

LogicalResult PadOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                      SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type =
      inferPadType(emitError, op.getInput().getType(), op.getPads());
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

LogicalResult ChannelShuffleOp::verify() {
  return verifyChannelShuffle([&] { return emitOpError(); },
                              getInput().getType(),
                              static_cast<int64_t>(getGroups()));
}

LogicalResult SliceOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                        SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type = inferSliceType(
      emitError, op.getInput().getType(), static_cast<int64_t>(op.getBegin()),
      static_cast<int64_t>(op.getEnd()));
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

LogicalResult GatherOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                         SmallVectorImpl<Type> &types) {
  FailureOr<RankedTensorType> type =
      inferGatherType(emitError, op.getInput().getType(), op.getIndices());
  if (failed(type))
    return failure();
  types.push_back(*type);
  return success();
}

#define GET_OP_CLASSES
#include "compiler/Dialect/SSL/IR/SSLOps.cpp.inc"
