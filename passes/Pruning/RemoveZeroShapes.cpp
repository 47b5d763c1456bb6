//===- RemoveZeroShapes.cpp - ssl-remove-zero-shapes ----------------------===//
//
// What structure removal leaves inside a layer is computed no more: the
// taps that are zero in every filter of a conv's group, the zero filters
// whose channel had to stay (a function result, or a reader that needs it),
// and the zero weight columns of a dense layer whose input cannot lose
// them. The conv becomes ssl.shape_pruned_conv2d over the live taps of each
// group and its live filters, the others outputting their bias; the dense
// layer reads its live inputs through an ssl.gather.
//
//===----------------------------------------------------------------------===//
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
  if (!isPrivateParameterOf(conv.getWeight(), conv))
    return;
  FailureOr<Parameter> w = readParameter(conv.getWeight());
  if (failed(w))
    return;
  const int64_t G = static_cast<int64_t>(conv.getGroups());
  const int64_t O = w->shape[0], Cg = w->shape[1], KH = w->shape[2],
                KW = w->shape[3];
  const int64_t Og = O / G, columns = Cg * KH * KW;
  auto at = [&](int64_t o, int64_t col) {
    return w->values[o * columns + col];
  };

  std::vector<int64_t> filters;
  for (int64_t o = 0; o < O; ++o)
    for (int64_t col = 0; col < columns; ++col)
      if (at(o, col) != 0.0f) {
        filters.push_back(o);
        break;
      }
  // Per group, the columns some filter of the group reads.
  std::vector<std::vector<int64_t>> live(G);
  bool deadTap = false;
  for (int64_t g = 0; g < G; ++g) {
    for (int64_t col = 0; col < columns; ++col) {
      bool zero = true;
      for (int64_t o = g * Og; o < (g + 1) * Og && zero; ++o)
        zero = at(o, col) == 0.0f;
      if (!zero)
        live[g].push_back(col);
    }
    deadTap |= static_cast<int64_t>(live[g].size()) < columns;
  }
  const bool deadFilter = static_cast<int64_t>(filters.size()) < O;
  if (!deadTap && !deadFilter)
    return;
  if (filters.empty()) {
    // An all-zero conv keeps one filter with one (zero) tap: it is its
    // bias either way, and the op has at least one of each.
    filters.push_back(0);
    live[0].push_back(0);
  }

  int64_t T = 0;
  for (const std::vector<int64_t> &l : live)
    T = std::max<int64_t>(T, l.size());
  std::vector<int64_t> taps;
  for (int64_t g = 0; g < G; ++g)
    for (int64_t col : live[g]) {
      taps.push_back(g * Cg + col / (KH * KW));
      taps.push_back((col / KW) % KH);
      taps.push_back(col % KW);
    }
  const int64_t rows = static_cast<int64_t>(filters.size());
  std::vector<float> compact(rows * T, 0.0f);
  for (int64_t i = 0; i < rows; ++i) {
    const std::vector<int64_t> &groupTaps = live[filters[i] / Og];
    for (size_t t = 0; t < groupTaps.size(); ++t)
      compact[i * T + t] = at(filters[i], groupTaps[t]);
  }
  writeParameter(*w, {rows, T}, std::move(compact));

  Value bias = conv.getBias();
  if (deadFilter && !bias)
    bias = createParameter(conv, layerNameOf(*w) + ".bias", {O},
                           std::vector<float>(O, 0.0f));
  OpBuilder b(conv);
  auto tapType =
      RankedTensorType::get({(int64_t)taps.size() / 3, 3}, b.getI64Type());
  auto pruned = ssl::ShapePrunedConv2dOp::create(
      b, conv.getLoc(), conv.getInput(), conv.getWeight(), bias,
      DenseIntElementsAttr::get(tapType, llvm::ArrayRef<int64_t>(taps)),
      ArrayRef<int64_t>{KH, KW}, conv.getStrides(), conv.getPads(),
      conv.getDilations(), static_cast<uint64_t>(G),
      deadFilter ? b.getDenseI64ArrayAttr(filters) : DenseI64ArrayAttr());
  conv.getOutput().replaceAllUsesWith(pruned.getOutput());
  conv.erase();
}

void pruneColumns(ssl::DenseOp dense) {
  if (!isPrivateParameterOf(dense.getWeight(), dense))
    return;
  FailureOr<Parameter> w = readParameter(dense.getWeight());
  if (failed(w) || w->shape.size() != 2)
    return;
  const int64_t M = w->shape[0], K = w->shape[1];
  std::vector<int64_t> live;
  for (int64_t k = 0; k < K; ++k)
    for (int64_t m = 0; m < M; ++m)
      if (w->values[m * K + k] != 0.0f) {
        live.push_back(k);
        break;
      }
  if (static_cast<int64_t>(live.size()) == K)
    return;
  // An all-zero layer keeps one (zero) column: it outputs its bias.
  if (live.empty())
    live.push_back(0);
  const int64_t kept = static_cast<int64_t>(live.size());
  std::vector<float> compact(M * kept);
  for (int64_t m = 0; m < M; ++m)
    for (int64_t i = 0; i < kept; ++i)
      compact[m * kept + i] = w->values[m * K + live[i]];
  writeParameter(*w, {M, kept}, std::move(compact));

  // A gather that only this layer reads is narrowed instead of stacked.
  Value input = dense.getInput();
  auto inner = input.getDefiningOp<ssl::GatherOp>();
  if (inner && input.hasOneUse()) {
    ArrayRef<int64_t> before = inner.getIndices();
    for (int64_t &i : live)
      i = before[i];
    input = inner.getInput();
  } else {
    inner = nullptr;
  }
  OpBuilder b(dense);
  auto gather = ssl::GatherOp::create(b, dense.getLoc(), input,
                                      b.getDenseI64ArrayAttr(live));
  dense.getInputMutable().assign(gather.getOutput());
  if (inner)
    inner.erase();
}

struct RemoveZeroShapesPass
    : impl::RemoveZeroShapesPassBase<RemoveZeroShapesPass> {
  void runOnOperation() override {
    SmallVector<ssl::Conv2dOp> convs;
    getOperation().walk([&](ssl::Conv2dOp c) { convs.push_back(c); });
    for (ssl::Conv2dOp c : convs)
      pruneShapes(c);
    SmallVector<ssl::DenseOp> denses;
    getOperation().walk([&](ssl::DenseOp d) { denses.push_back(d); });
    for (ssl::DenseOp d : denses)
      pruneColumns(d);
  }
};
} // namespace
} // namespace sslc
