//===- SSLOps.cpp - verifiers and type inference of ssl ops --------------===//
#include "compiler/Dialect/SSL/IR/SSLOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace sslc::ssl;

namespace {
RankedTensorType f32Tensor(ArrayRef<int64_t> shape, MLIRContext *ctx) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}
} // namespace

//===----------------------------------------------------------------------===//
// DenseOp
//===----------------------------------------------------------------------===//

LogicalResult DenseOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, ValueRange operands,
    DictionaryAttr, OpaqueProperties, RegionRange,
    SmallVectorImpl<Type> &inferred) {
  auto in = dyn_cast<RankedTensorType>(operands[0].getType());
  auto w = dyn_cast<RankedTensorType>(operands[1].getType());
  if (!in || !w || in.getRank() != 2 || w.getRank() != 2)
    return emitOptionalError(loc, "expects rank-2 input and weight");
  inferred.push_back(f32Tensor({in.getDimSize(0), w.getDimSize(0)}, ctx));
  return success();
}

LogicalResult DenseOp::verify() {
  auto in = getInput().getType();
  auto w = getWeight().getType();
  if (in.getRank() != 2)
    return emitOpError() << "expects a rank-2 input [N, K], found rank "
                         << in.getRank();
  if (w.getRank() != 2)
    return emitOpError() << "expects a rank-2 weight [M, K], found rank "
                         << w.getRank();
  if (in.getDimSize(1) != w.getDimSize(1))
    return emitOpError() << "expects weight with " << in.getDimSize(1)
                         << " input features, found " << w.getDimSize(1);
  if (Value b = getBias()) {
    auto bt = cast<RankedTensorType>(b.getType());
    if (bt.getRank() != 1 || bt.getDimSize(0) != w.getDimSize(0))
      return emitOpError() << "expects bias of shape [" << w.getDimSize(0)
                           << "], found " << bt;
  }
  return success();
}

#define GET_OP_CLASSES
#include "compiler/Dialect/SSL/IR/SSLOps.cpp.inc"
