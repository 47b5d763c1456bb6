//===- RemoveZeroShapes.cpp - ssl-remove-zero-shapes ----------------------===//
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Passes.h"
#include "passes/Pruning/ParameterUtils.h"

#include "mlir/IR/BuiltinOps.h"

namespace sslc {
#define GEN_PASS_DEF_REMOVEZEROSHAPESPASS
#include "passes/Passes.h.inc"

using namespace mlir;

namespace {

void pruneShapes(ssl::Conv2dOp conv) {
  if (conv.getGroups() != 1 || !isPrivateParameterOf(conv.getWeight(), conv))
    return;
  FailureOr<Parameter> w = readParameter(conv.getWeight());
  if (failed(w))
    return;
  const int64_t O = w->shape[0], C = w->shape[1], KH = w->shape[2],
                KW = w->shape[3];
  const int64_t columns = C * KH * KW;
  std::vector<int64_t> live;
  for (int64_t col = 0; col < columns; ++col) {
    bool zero = true;
    for (int64_t o = 0; o < O && zero; ++o)
      zero = w->values[o * columns + col] == 0.0f;
    if (!zero)
      live.push_back(col);
  }
  if ((int64_t)live.size() == columns)
    return;
  if (live.empty())
    live.push_back(0); // an all-zero conv keeps one (zero) tap: its bias
  const int64_t T = live.size();
  std::vector<float> compact(O * T);
  std::vector<int64_t> taps;
  for (int64_t t = 0; t < T; ++t) {
    int64_t col = live[t];
    taps.push_back(col / (KH * KW));
    taps.push_back((col / KW) % KH);
    taps.push_back(col % KW);
    for (int64_t o = 0; o < O; ++o)
      compact[o * T + t] = w->values[o * columns + col];
  }
  writeParameter(*w, {O, T}, std::move(compact));
  OpBuilder b(conv);
  auto tapType = RankedTensorType::get({T, 3}, b.getI64Type());
  auto pruned = ssl::ShapePrunedConv2dOp::create(
      b, conv.getLoc(), conv.getInput(), conv.getWeight(), conv.getBias(),
      DenseIntElementsAttr::get(tapType, llvm::ArrayRef<int64_t>(taps)),
      ArrayRef<int64_t>{KH, KW}, conv.getStrides(), conv.getPads(),
      conv.getDilations());
  conv.getOutput().replaceAllUsesWith(pruned.getOutput());
  conv.erase();
}

struct RemoveZeroShapesPass
    : impl::RemoveZeroShapesPassBase<RemoveZeroShapesPass> {
  void runOnOperation() override {
    SmallVector<ssl::Conv2dOp> convs;
    getOperation().walk([&](ssl::Conv2dOp c) { convs.push_back(c); });
    for (ssl::Conv2dOp c : convs)
      pruneShapes(c);
  }
};
} // namespace
} // namespace sslc
