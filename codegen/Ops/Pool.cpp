//===- Pool.cpp - pooling ops to Halide -----------------------------------===//
//
// Windows follow sslc::shapes (ONNX/Caffe rules, ceil mode included); cells
// outside the input never win a max and count in an average only as the
// op's count_include_pad says. Pooled tensors are stored: a consumer that
// reads through a table of taps (a shape-pruned conv's gather) would
// otherwise recompute every window of its whole footprint per element.
//
//===----------------------------------------------------------------------===//
#include "codegen/Ops/OpLowerings.h"

using namespace mlir;

namespace sslc::codegen {
namespace {

struct Window {
  int H, W, KH, KW, SH, SW, PT, PL, PB, PR, OH, OW;
};

Window windowOf(RankedTensorType in, ArrayRef<int64_t> kernel,
                ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                bool ceilMode) {
  Window w;
  w.H = in.getDimSize(2);
  w.W = in.getDimSize(3);
  w.KH = kernel[0];
  w.KW = kernel[1];
  w.SH = strides[0];
  w.SW = strides[1];
  w.PT = pads[0];
  w.PL = pads[1];
  w.PB = pads[2];
  w.PR = pads[3];
  w.OH = shapes::poolOutputSize(w.H, w.KH, w.SH, w.PT, w.PB, ceilMode);
  w.OW = shapes::poolOutputSize(w.W, w.KW, w.SW, w.PL, w.PR, ceilMode);
  return w;
}

/// Whether every window reads only cells of the input.
bool windowsInside(const Window &w) {
  return w.PT == 0 && w.PL == 0 && (w.OH - 1) * w.SH + w.KH <= w.H &&
         (w.OW - 1) * w.SW + w.KW <= w.W;
}

} // namespace

LogicalResult lowerMaxPool2d(ssl::MaxPool2dOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  Window w = windowOf(op.getInput().getType(), op.getKernel(),
                      op.getStrides(), op.getPads(), op.getCeilMode());
  Halide::Var x("x"), y("y"), c("c"), n("n");
  const int id = ctx.nextId();
  Halide::Func f("max_pool" + std::to_string(id));
  if (w.KH * w.KW <= 16) {
    // A small window is written out tap by tap, so the loads are plain
    // (strided) vector loads with no bounds to check. Windows that reach
    // into the padding (ResNet's 3x3 pool with pad 1) read the input
    // padded with -inf once into a buffer of its own, whose rows are also
    // stored in NCHW order whatever layout the producer keeps (a
    // convolution's result is channel-blocked).
    Halide::Func source = in.func;
    if (!windowsInside(w)) {
      const int PH = (w.OH - 1) * w.SH + w.KH, PW = (w.OW - 1) * w.SW + w.KW;
      Halide::Expr ix = x - w.PL, iy = y - w.PT;
      Halide::Expr inside = ix >= 0 && ix < w.W && iy >= 0 && iy < w.H;
      source = Halide::Func("max_pool" + std::to_string(id) + "_padded");
      source(x, y, c, n) = Halide::select(
          inside,
          in.func(Halide::clamp(ix, 0, w.W - 1), Halide::clamp(iy, 0, w.H - 1),
                  c, n),
          Halide::Float(32).min());
      ctx.addStage(StageKind::Materialize,
                   {source, {in.shape[0], in.shape[1], PH, PW}}, op);
    }
    Halide::Expr v;
    for (int ky = 0; ky < w.KH; ++ky)
      for (int kx = 0; kx < w.KW; ++kx) {
        Halide::Expr tap = source(x * w.SW + kx, y * w.SH + ky, c, n);
        v = v.defined() ? Halide::max(v, tap) : tap;
      }
    f(x, y, c, n) = v;
  } else {
    Halide::RDom r(0, w.KW, 0, w.KH, "pool_r");
    Halide::Expr ix = x * w.SW - w.PL + r.x, iy = y * w.SH - w.PT + r.y;
    Halide::Expr inside = ix >= 0 && ix < w.W && iy >= 0 && iy < w.H;
    Halide::Expr v = in.func(Halide::clamp(ix, 0, w.W - 1),
                             Halide::clamp(iy, 0, w.H - 1), c, n);
    // Every window holds at least one input cell, so -inf never escapes.
    f(x, y, c, n) = Halide::maximum(
        Halide::select(inside, v, Halide::Float(32).min()));
  }
  HTensor out{f, {in.shape[0], in.shape[1], w.OH, w.OW}};
  ctx.addStage(StageKind::Materialize, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerAvgPool2d(ssl::AvgPool2dOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  Window w = windowOf(op.getInput().getType(), op.getKernel(),
                      op.getStrides(), op.getPads(), op.getCeilMode());
  Halide::Var x("x"), y("y"), c("c"), n("n");
  Halide::RDom r(0, w.KW, 0, w.KH, "pool_r");
  Halide::Expr sx = x * w.SW - w.PL, sy = y * w.SH - w.PT;
  Halide::Expr ix = sx + r.x, iy = sy + r.y;
  Halide::Expr inside = ix >= 0 && ix < w.W && iy >= 0 && iy < w.H;
  Halide::Expr v = in.func(Halide::clamp(ix, 0, w.W - 1),
                           Halide::clamp(iy, 0, w.H - 1), c, n);
  // The divisor of shapes::avgPoolWindowCount, per axis, as expressions.
  auto count = [](Halide::Expr start, int k, int size, int padEnd,
                  bool includePad) {
    if (includePad)
      return Halide::min(start + k, size + padEnd) - start;
    return Halide::min(start + k, size) - Halide::max(start, 0);
  };
  bool includePad = op.getCountIncludePad();
  Halide::Expr divisor =
      Halide::cast<float>(count(sx, w.KW, w.W, w.PR, includePad) *
                          count(sy, w.KH, w.H, w.PB, includePad));
  Halide::Func f("avg_pool" + std::to_string(ctx.nextId()));
  f(x, y, c, n) = Halide::sum(Halide::select(inside, v, 0.0f)) / divisor;
  HTensor out{f, {in.shape[0], in.shape[1], w.OH, w.OW}};
  ctx.addStage(StageKind::Materialize, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerGlobalAvgPool(ssl::GlobalAvgPoolOp op,
                                 LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  const int H = in.shape[2], W = in.shape[3];
  Halide::RDom r(0, W, 0, H, "gap_r");
  Halide::Func f("global_avg_pool" + std::to_string(ctx.nextId()));
  auto outType = cast<RankedTensorType>(op.getOutput().getType());
  std::vector<int64_t> shape(outType.getShape());
  if (shape.size() == 4) {
    // [N, C, 1, 1]
    Halide::Var x("x"), y("y"), c("c"), n("n");
    f(x, y, c, n) = Halide::sum(in.func(r.x, r.y, c, n)) /
                    static_cast<float>(H * W);
  } else {
    Halide::Var c("c"), n("n");
    f(c, n) = Halide::sum(in.func(r.x, r.y, c, n)) / static_cast<float>(H * W);
  }
  HTensor out{f, shape};
  ctx.addStage(StageKind::Reduction, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
