//===- Shape.cpp - flatten, concat, pad, shuffle and slice to Halide ------===//
#include "codegen/Ops/OpLowerings.h"

using namespace mlir;

namespace sslc::codegen {

/// [N, C, H, W] -> [N, C·H·W] in row-major order (PyTorch's flatten(1)).
LogicalResult lowerFlatten(ssl::FlattenOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  Halide::Var k("k"), n("n");
  // Row-major index k over the trailing dimensions, innermost first.
  std::vector<Halide::Expr> args;
  Halide::Expr rest = k;
  for (int d = 0; d < in.rank() - 1; ++d) {
    int extent = in.extent(d);
    args.push_back(d == in.rank() - 2 ? rest : rest % extent);
    rest = rest / extent;
  }
  args.push_back(n);
  Halide::Func f("flatten" + std::to_string(ctx.nextId()));
  f(k, n) = in.func(args);
  int64_t features = 1;
  for (size_t d = 1; d < in.shape.size(); ++d)
    features *= in.shape[d];
  HTensor out{f, {in.shape[0], features}};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerConcat(ssl::ConcatOp op, LoweringContext &ctx) {
  auto outType = cast<RankedTensorType>(op.getOutput().getType());
  const int rank = outType.getRank();
  const int axis = rank - 1 - static_cast<int>(op.getAxis()); // Halide order
  std::vector<Halide::Var> v = makeVars(rank);
  // Innermost-last select chain over the inputs' ranges along the axis.
  Halide::Expr value;
  int64_t offset = 0;
  std::vector<std::pair<int64_t, Halide::Expr>> pieces;
  for (Value input : op.getInputs()) {
    HTensor t = ctx.lookup(input);
    std::vector<Halide::Expr> args(v.begin(), v.end());
    args[axis] = Halide::clamp(v[axis] - static_cast<int>(offset), 0,
                               t.extent(axis) - 1);
    pieces.push_back({offset, t.func(args)});
    offset += t.extent(axis);
  }
  value = pieces.back().second;
  for (int i = static_cast<int>(pieces.size()) - 2; i >= 0; --i)
    value = Halide::select(v[axis] < static_cast<int>(pieces[i + 1].first),
                           pieces[i].second, value);
  Halide::Func f("concat" + std::to_string(ctx.nextId()));
  f(v) = value;
  HTensor out{f, std::vector<int64_t>(outType.getShape())};
  ctx.addStage(StageKind::Materialize, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

// Pad, shuffle and slice only move data: each is an index remap inlined
// into its consumer.

LogicalResult lowerPad(ssl::PadOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  ArrayRef<int64_t> pads = op.getPads(); // top, left, bottom, right
  const int top = static_cast<int>(pads[0]), left = static_cast<int>(pads[1]);
  const int H = in.extent(1), W = in.extent(0);
  Halide::Var w("w"), h("h"), c("c"), n("n");
  Halide::Expr inside = w >= left && w < left + W && h >= top && h < top + H;
  Halide::Expr value = in.func(Halide::clamp(w - left, 0, W - 1),
                               Halide::clamp(h - top, 0, H - 1), c, n);
  Halide::Func f("pad" + std::to_string(ctx.nextId()));
  f(w, h, c, n) = Halide::select(inside, value, 0.0f);
  auto type = cast<RankedTensorType>(op.getOutput().getType());
  HTensor out{f, std::vector<int64_t>(type.getShape())};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerChannelShuffle(ssl::ChannelShuffleOp op,
                                  LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  const int groups = static_cast<int>(op.getGroups());
  const int perGroup = in.extent(2) / groups;
  Halide::Var w("w"), h("h"), c("c"), n("n");
  Halide::Func f("channel_shuffle" + std::to_string(ctx.nextId()));
  f(w, h, c, n) = in.func(w, h, (c % groups) * perGroup + c / groups, n);
  HTensor out{f, in.shape};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerSlice(ssl::SliceOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  const int channelAxis = in.rank() - 2; // Halide order
  std::vector<Halide::Var> v = makeVars(in.rank());
  std::vector<Halide::Expr> args(v.begin(), v.end());
  args[channelAxis] = v[channelAxis] + static_cast<int>(op.getBegin());
  Halide::Func f("slice" + std::to_string(ctx.nextId()));
  f(v) = in.func(args);
  auto type = cast<RankedTensorType>(op.getOutput().getType());
  HTensor out{f, std::vector<int64_t>(type.getShape())};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerGather(ssl::GatherOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  const int channelAxis = in.rank() - 2; // Halide order
  ArrayRef<int64_t> indices = op.getIndices();
  Halide::Buffer<int32_t> table(static_cast<int>(indices.size()));
  table.set_name(ctx.uniqueName("gather_indices"));
  for (size_t i = 0; i < indices.size(); ++i)
    table(static_cast<int>(i)) = static_cast<int32_t>(indices[i]);
  std::vector<Halide::Var> v = makeVars(in.rank());
  std::vector<Halide::Expr> args(v.begin(), v.end());
  // The clamp states the range to bounds inference; the indices are in it.
  args[channelAxis] =
      Halide::clamp(table(v[channelAxis]), 0, in.extent(channelAxis) - 1);
  Halide::Func f("gather" + std::to_string(ctx.nextId()));
  f(v) = in.func(args);
  ctx.network().origins[table.name()] = op;
  auto type = cast<RankedTensorType>(op.getOutput().getType());
  HTensor out{f, std::vector<int64_t>(type.getShape())};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
