//===- SSLTrainingOps.cpp - verifiers of ssl training ops ----------------===//
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace sslc::ssl;

void SSLDialect::registerTrainingOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.cpp.inc"
      >();
}

// The group kind is printed as a bare keyword (`ssl.group_lasso filter %w`).
// The attribute's own printer starts with a space, which it needs after the
// mnemonic in `#ssl<group_kind filter>` but which would double the space
// inside an op.
static ParseResult parseGroupKind(OpAsmParser &parser, GroupKindAttr &kind) {
  SMLoc loc = parser.getCurrentLocation();
  StringRef keyword;
  if (parser.parseKeyword(&keyword))
    return failure();
  std::optional<GroupKind> value = symbolizeGroupKind(keyword);
  if (!value)
    return parser.emitError(loc)
           << "expects a group kind (filter, channel, shape, kernel2d, depth, "
              "row, column, depth_bn), found '"
           << keyword << "'";
  kind = GroupKindAttr::get(parser.getContext(), *value);
  return success();
}

static void printGroupKind(OpAsmPrinter &printer, Operation *,
                           GroupKindAttr kind) {
  printer << stringifyGroupKind(kind.getValue());
}

//===----------------------------------------------------------------------===//
// SoftmaxCrossEntropyOp
//===----------------------------------------------------------------------===//

LogicalResult
SoftmaxCrossEntropyOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                        SmallVectorImpl<Type> &types) {
  Type logits = op.getLogits().getType();
  if (failed(verifyCrossEntropyOperands(emitError, logits,
                                        op.getLabels().getType())))
    return failure();
  types.push_back(getF32Tensor({}, logits.getContext()));
  return success();
}

//===----------------------------------------------------------------------===//
// GroupLassoOp, GroupLassoGradOp
//===----------------------------------------------------------------------===//

/// The weight must have the rank the group kind partitions, and the
/// regularization strength must not reward large groups.
static LogicalResult verifyGroupLasso(EmitErrorFn emitError, GroupKind kind,
                                      Type weight, float lambda) {
  if (std::optional<int64_t> rank = getGroupKindRank(kind)) {
    auto w = dyn_cast<RankedTensorType>(weight);
    if (!w || w.getRank() != *rank) {
      InFlightDiagnostic diag = emitError();
      diag << "expects a rank-" << *rank << " weight for "
           << stringifyGroupKind(kind) << " groups, found ";
      if (w)
        diag << "rank " << w.getRank();
      else
        diag << weight;
      return failure();
    }
  }
  if (!(lambda >= 0.0f))
    return fail(emitError() << "expects lambda >= 0, found " << formatFloat(lambda));
  return success();
}

/// One weight per kind, except depth_bn: the convolution weight [N, ...]
/// followed by the batch norm's γ [N] and β [N].
static LogicalResult verifyGroupOperands(EmitErrorFn emitError,
                                         GroupKind kind, TypeRange weights,
                                         float lambda) {
  size_t expected = kind == GroupKind::DepthBN ? 3 : 1;
  if (weights.size() != expected)
    return fail(emitError() << "expects " << expected << " operand(s) for "
                            << stringifyGroupKind(kind) << " groups, found "
                            << weights.size());
  if (failed(verifyGroupLasso(emitError, kind, weights.front(), lambda)))
    return failure();
  if (kind != GroupKind::DepthBN)
    return success();
  int64_t filters = cast<RankedTensorType>(weights.front()).getDimSize(0);
  for (Type t : weights.drop_front()) {
    auto affine = dyn_cast<RankedTensorType>(t);
    if (!affine || affine.getRank() != 1 || affine.getDimSize(0) != filters)
      return fail(emitError() << "expects the batch-norm γ and β of depth_bn "
                                 "groups as tensor<"
                              << filters << "xf32>, found " << t);
  }
  return success();
}

LogicalResult GroupLassoOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                             SmallVectorImpl<Type> &types) {
  TypeRange weights = op.getWeights().getTypes();
  if (weights.empty())
    return fail(emitError() << "expects at least one weight");
  if (failed(verifyGroupOperands(emitError, op.getKind(), weights,
                                 op.getLambda().convertToFloat())))
    return failure();
  types.push_back(getF32Tensor({}, weights.front().getContext()));
  return success();
}

/// Ops whose results are their group's weights, updated: the result types
/// are the weights' once the group is valid.
template <typename Adaptor>
static LogicalResult inferGroupWeightTypes(EmitErrorFn emitError, Adaptor op,
                                           SmallVectorImpl<Type> &types) {
  TypeRange weights = op.getWeights().getTypes();
  if (weights.empty())
    return fail(emitError() << "expects at least one weight");
  // The parser infers the results before the attribute dictionary is in
  // the properties; the verifier checks the operands once it is.
  if (!op.getKindAttr() || !op.getLambdaAttr()) {
    types.append(weights.begin(), weights.end());
    return success();
  }
  if (failed(verifyGroupOperands(emitError, op.getKind(), weights,
                                 op.getLambda().convertToFloat())))
    return failure();
  types.append(weights.begin(), weights.end());
  return success();
}

LogicalResult
GroupLassoGradOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                   SmallVectorImpl<Type> &types) {
  return inferGroupWeightTypes(emitError, op, types);
}

LogicalResult GroupShrinkOp::inferResultTypes(EmitErrorFn emitError,
                                              Adaptor op,
                                              SmallVectorImpl<Type> &types) {
  return inferGroupWeightTypes(emitError, op, types);
}

//===----------------------------------------------------------------------===//
// SgdMomentumOp, ZeroSmallOp
//===----------------------------------------------------------------------===//

LogicalResult SgdMomentumOp::verify() {
  float momentum = getMomentum().convertToFloat();
  // momentum = 1 never forgets a step: the velocity would not converge.
  if (!(momentum >= 0.0f && momentum < 1.0f))
    return emitOpError() << "expects momentum in [0, 1), found "
                         << formatFloat(momentum);
  float weightDecay = getWeightDecay().convertToFloat();
  if (!(weightDecay >= 0.0f))
    return emitOpError() << "expects weight_decay >= 0, found "
                         << formatFloat(weightDecay);
  return success();
}

LogicalResult ZeroSmallOp::verify() {
  float threshold = getThreshold().convertToFloat();
  if (!(threshold >= 0.0f))
    return emitOpError() << "expects threshold >= 0, found "
                         << formatFloat(threshold);
  return success();
}

#define GET_OP_CLASSES
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.cpp.inc"
