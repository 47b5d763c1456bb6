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
              "row, column), found '"
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

LogicalResult GroupLassoOp::inferResultTypes(EmitErrorFn emitError, Adaptor op,
                                             SmallVectorImpl<Type> &types) {
  Type weight = op.getWeight().getType();
  if (failed(verifyGroupLasso(emitError, op.getKind(), weight,
                              op.getLambda().convertToFloat())))
    return failure();
  types.push_back(getF32Tensor({}, weight.getContext()));
  return success();
}

LogicalResult GroupLassoGradOp::verify() {
  return verifyGroupLasso([&] { return emitOpError(); }, getKind(),
                          getWeight().getType(), getLambda().convertToFloat());
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
