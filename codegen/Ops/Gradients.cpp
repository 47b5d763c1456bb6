//===- Gradients.cpp - ssl backward ops to Halide -------------------------===//
//
// Each backward op as a gather (every result element sums what reaches it),
// never a scatter, so every Func stays data-parallel. The index rules are
// those of the forward lowerings and sslc::shapes.
//
//===----------------------------------------------------------------------===//
#include "codegen/Ops/OpLowerings.h"
#include "codegen/Ops/TrainingLowerings.h"

using namespace mlir;

namespace sslc::codegen {
namespace {

std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &v) {
  return std::vector<Halide::Expr>(v.begin(), v.end());
}

std::vector<int64_t> shapeOf(Value v) {
  return std::vector<int64_t>(cast<RankedTensorType>(v.getType()).getShape());
}

/// A Func over `shape` recorded as a stage of `kind`.
template <typename Fn>
HTensor define(Operation *op, StageKind kind, const std::string &name,
               const std::vector<int64_t> &shape, LoweringContext &ctx, Fn fn) {
  std::vector<Halide::Var> v = makeVars(static_cast<int>(shape.size()));
  Halide::Func f(name + std::to_string(ctx.nextId()));
  f(v) = fn(asExprs(v));
  HTensor t{f, shape};
  ctx.addStage(kind, t, op);
  return t;
}

/// The windows of a pooling op that may hold input cell `h` along one axis:
/// those starting in (h + pad - kernel, h + pad], i.e. output indices
/// floor((h + pad) / stride) - a for a in [0, ceil(kernel / stride)).
struct WindowAxis {
  int size, kernel, stride, padBegin, padEnd, out;
  int candidates() const { return (kernel + stride - 1) / stride; }
  /// Output index of candidate `a` for input index `h`.
  Halide::Expr window(Halide::Expr h, Halide::Expr a) const {
    return (h + padBegin) / stride - a;
  }
  /// Whether window `i` exists and covers input index `h`.
  Halide::Expr covers(Halide::Expr i, Halide::Expr h) const {
    return i >= 0 && i < out && h + padBegin - i * stride < kernel;
  }
};

template <typename OpT> std::pair<WindowAxis, WindowAxis> windowAxes(OpT op) {
  auto in = cast<RankedTensorType>(op.getGradInput().getType());
  auto kernel = op.getKernel(), strides = op.getStrides(), pads = op.getPads();
  bool ceil = op.getCeilMode();
  auto axis = [&](int size, int k, int s, int pb, int pe) {
    return WindowAxis{
        size,
        k,
        s,
        pb,
        pe,
        static_cast<int>(shapes::poolOutputSize(size, k, s, pb, pe, ceil))};
  };
  return {axis(in.getDimSize(2), kernel[0], strides[0], pads[0], pads[2]),
          axis(in.getDimSize(3), kernel[1], strides[1], pads[1], pads[3])};
}

} // namespace

/// dx(k, n) = Σ_m W(k, m) · dy(m, n): the weight is read input-feature
/// innermost, the layout it already has.
LogicalResult lowerGradientOp(ssl::DenseGradInputOp op, LoweringContext &ctx) {
  HTensor dy = ctx.materialized(op.getGradOutput(), op);
  HTensor w = ctx.lookup(op.getWeight());
  const int M = static_cast<int>(w.shape[0]), K = static_cast<int>(w.shape[1]);
  std::string name = "dense_grad_input" + std::to_string(ctx.nextId());
  Halide::Var k("k"), n("n");
  Halide::RDom r(0, M, name + "_r");
  Halide::Func f(name);
  f(k, n) = 0.0f;
  f(k, n) += w.func(k, r) * dy.func(r, n);
  HTensor out{f, {dy.shape[0], K}};
  ctx.addStage(StageKind::Dense, out, op);
  ctx.bind(op.getGradInput(), out);
  return success();
}

/// dW(k, m) = Σ_n x(k, n) · dy(m, n).
LogicalResult lowerGradientOp(ssl::DenseGradWeightOp op, LoweringContext &ctx) {
  HTensor x = isa<BlockArgument>(op.getInput())
                  ? ctx.lookup(op.getInput())
                  : ctx.materialized(op.getInput(), op);
  HTensor dy = ctx.materialized(op.getGradOutput(), op);
  const int N = static_cast<int>(x.shape[0]);
  std::string name = "dense_grad_weight" + std::to_string(ctx.nextId());
  Halide::Var k("k"), m("m");
  Halide::RDom r(0, N, name + "_r");
  Halide::Func f(name);
  f(k, m) = 0.0f;
  f(k, m) += x.func(k, r) * dy.func(m, r);
  HTensor out{f, {dy.shape[1], x.shape[1]}};
  ctx.addStage(StageKind::Dense, out, op);
  ctx.bind(op.getGradWeight(), out);
  return success();
}

LogicalResult lowerGradientOp(ssl::BiasGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput());
  std::string name = "bias_grad" + std::to_string(ctx.nextId());
  std::vector<Halide::Range> ranges;
  for (int d = 0; d < dy.rank(); ++d)
    if (d != dy.rank() - 2)
      ranges.emplace_back(0, dy.extent(d));
  Halide::RDom r(ranges, name + "_r");
  Halide::Var c("c");
  std::vector<Halide::Expr> args;
  for (int d = 0, j = 0; d < dy.rank(); ++d)
    args.push_back(d == dy.rank() - 2 ? Halide::Expr(c) : Halide::Expr(r[j++]));
  Halide::Func f(name);
  f(c) = Halide::sum(dy.func(args));
  HTensor out{f, {dy.shape[1]}};
  ctx.addStage(StageKind::Reduction, out, op);
  ctx.bind(op.getGradBias(), out);
  return success();
}

/// The transposed convolution as a forward one: dy dilated by the strides
/// and padded by (kernel extent - 1 - pad), convolved stride 1 with the
/// flipped weight whose input and output channels trade places within each
/// group. It then runs with the register-blocked convolution schedule.
LogicalResult lowerGradientOp(ssl::Conv2dGradInputOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput());
  HTensor w = ctx.lookup(op.getWeight());
  auto inType = cast<RankedTensorType>(op.getGradInput().getType());
  auto wType = op.getWeight().getType();
  ConvGeometry fwd =
      geometryOf(inType, wType, op.getStrides(), op.getPads(),
                 op.getDilations(), static_cast<int64_t>(op.getGroups()),
                 {wType.getDimSize(2), wType.getDimSize(3)});
  const int OH = fwd.OH(), OW = fwd.OW();
  const int spanH = fwd.dilH * (fwd.KH - 1), spanW = fwd.dilW * (fwd.KW - 1);
  ConvGeometry t;
  t.N = fwd.N;
  t.C = fwd.O;
  t.H = fwd.H + spanH;
  t.W = fwd.W + spanW;
  t.O = fwd.C;
  t.KH = fwd.KH;
  t.KW = fwd.KW;
  t.dilH = fwd.dilH;
  t.dilW = fwd.dilW;
  t.groups = fwd.groups;
  // Expanded row p holds data only where it maps to a forward output row:
  // spanH - padT <= p < spanH - padT + (OH - 1) * strideH + 1.
  t.rowsBegin = std::max(0, spanH - fwd.padT);
  t.rowsEnd = std::min(t.H, spanH - fwd.padT + (OH - 1) * fwd.strideH + 1);

  std::string name = "conv_grad_input" + std::to_string(ctx.nextId());
  Halide::Var x("x"), y("y"), c("c"), n("n");
  // Row py of the expanded gradient is forward output row
  // (py - spanH + padT) / strideH when that is a whole index in range.
  auto source = [](Halide::Expr p, int span, int pad, int stride, int out,
                   Halide::Expr &valid) {
    Halide::Expr q = p - span + pad;
    valid = valid && q >= 0 && q < out * stride;
    if (stride > 1)
      valid = valid && q % stride == 0;
    return Halide::clamp(q / stride, 0, out - 1);
  };
  Halide::Expr valid = Halide::Internal::const_true();
  Halide::Expr sy = source(y, spanH, fwd.padT, fwd.strideH, OH, valid);
  Halide::Expr sx = source(x, spanW, fwd.padL, fwd.strideW, OW, valid);
  Halide::Func expanded(name + "_dy");
  expanded(x, y, c, n) = Halide::select(valid, dy.func(sx, sy, c, n), 0.0f);

  // Transposed weight (kx, ky, o', c) of the [C, O/groups, KH, KW] filter.
  const int Og = fwd.Og(), Cg = fwd.Cg();
  Halide::Var kx("kx"), ky("ky"), o("o");
  Halide::Func flipped(name + "_w");
  flipped(kx, ky, o, c) =
      w.func(fwd.KW - 1 - kx, fwd.KH - 1 - ky, c % Cg, (c / Cg) * Og + o);
  const int cb = channelBlockFor(ctx.target());
  Halide::Func packed = packConvWeight(flipped, t, cb, name + "_packed");
  const int blocks = (t.Og() + cb - 1) / cb;
  ctx.addStage(StageKind::Materialize,
               HTensor{packed, {t.groups, blocks, t.Cg(), t.KH, t.KW, cb}}, op);
  Halide::Func zero(name + "_bias");
  Halide::Var oi("oi"), ob("ob"), g("g");
  zero(oi, ob, g) = 0.0f;
  auto conv = std::make_shared<ConvFuncs>(
      buildConvolution(expanded, t, packed, zero, /*relu=*/false, name, cb));
  HTensor out{asNCHW(*conv, name + "_nchw"), shapeOf(op.getGradInput())};
  ctx.addConvStage(conv, out, op);
  ctx.bind(op.getGradInput(), out);
  return success();
}

LogicalResult lowerGradientOp(ssl::Conv2dGradWeightOp op,
                              LoweringContext &ctx) {
  HTensor x = ctx.lookup(op.getInput());
  HTensor dy = ctx.lookup(op.getGradOutput());
  auto wType = cast<RankedTensorType>(op.getGradWeight().getType());
  ConvGeometry geo =
      geometryOf(op.getInput().getType(), wType, op.getStrides(), op.getPads(),
                 op.getDilations(), static_cast<int64_t>(op.getGroups()),
                 {wType.getDimSize(2), wType.getDimSize(3)});
  std::string name = "conv_grad_weight" + std::to_string(ctx.nextId());
  auto f = std::make_shared<ConvGradWeightFuncs>(
      buildConvGradWeight(x.func, dy.func, geo, name));
  HTensor out{convGradWeightAsOIHW(*f, name + "_oihw"),
              shapeOf(op.getGradWeight())};
  ctx.network().stages.push_back(
      {StageKind::ConvGradWeight, out.func, out.shape, op, nullptr, f});
  ctx.bind(op.getGradWeight(), out);
  return success();
}

LogicalResult lowerGradientOp(ssl::ReluGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput()), x = ctx.lookup(op.getInput());
  ctx.bind(op.getGradInput(), define(op, StageKind::Elementwise, "relu_grad",
                                     dy.shape, ctx, [&](auto v) {
                                       return Halide::select(x.func(v) > 0.0f,
                                                             dy.func(v), 0.0f);
                                     }));
  return success();
}

LogicalResult lowerGradientOp(ssl::BatchNormGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.materialized(op.getGradOutput(), op);
  HTensor x = ctx.lookup(op.getInput());
  Halide::Func gamma = ctx.lookup(op.getGamma()).func,
               mean = ctx.lookup(op.getBatchMean()).func,
               var = ctx.lookup(op.getBatchVariance()).func;
  float eps = op.getEpsilon().convertToFloat();
  const int rank = dy.rank();
  std::string name = "batch_norm_grad" + std::to_string(ctx.nextId());
  std::vector<Halide::Range> ranges;
  float M = 1;
  for (int d = 0; d < rank; ++d)
    if (d != rank - 2) {
      ranges.emplace_back(0, dy.extent(d));
      M *= static_cast<float>(dy.extent(d));
    }
  Halide::RDom r(ranges, name + "_r");
  Halide::Var c("c");
  std::vector<Halide::Expr> args;
  for (int d = 0, j = 0; d < rank; ++d)
    args.push_back(d == rank - 2 ? Halide::Expr(c) : Halide::Expr(r[j++]));
  Halide::Func rstd(name + "_rstd"), dbeta(name + "_dbeta"),
      dgamma(name + "_dgamma");
  rstd(c) = 1.0f / Halide::sqrt(var(c) + eps);
  dbeta(c) = Halide::sum(dy.func(args));
  dgamma(c) = Halide::sum(dy.func(args) * (x.func(args) - mean(c))) * rstd(c);
  std::vector<int64_t> channels{dy.shape[1]};
  ctx.addStage(StageKind::Reduction, HTensor{dbeta, channels}, op);
  ctx.addStage(StageKind::Reduction, HTensor{dgamma, channels}, op);
  ctx.bind(op.getGradBeta(), HTensor{dbeta, channels});
  ctx.bind(op.getGradGamma(), HTensor{dgamma, channels});
  ctx.bind(op.getGradInput(),
           define(op, StageKind::Elementwise, name + "_dx", dy.shape, ctx,
                  [&](auto v) {
                    Halide::Expr ch = v[rank - 2];
                    Halide::Expr xhat = (x.func(v) - mean(ch)) * rstd(ch);
                    return gamma(ch) * rstd(ch) *
                           (dy.func(v) - dbeta(ch) / M - xhat * dgamma(ch) / M);
                  }));
  return success();
}

/// Each window's winner (first maximum in row-major window order, padding
/// never wins) is found once; an input cell then sums the gradients of the
/// windows it won.
LogicalResult lowerGradientOp(ssl::MaxPool2dGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput()), x = ctx.lookup(op.getInput());
  auto [ah, aw] = windowAxes(op);
  std::string name = "max_pool_grad" + std::to_string(ctx.nextId());
  Halide::Var j("j"), i("i"), c("c"), n("n"), w("w"), h("h");
  Halide::RDom win(0, aw.kernel, 0, ah.kernel, name + "_win");
  Halide::Expr ix = j * aw.stride - aw.padBegin + win.x;
  Halide::Expr iy = i * ah.stride - ah.padBegin + win.y;
  Halide::Expr inside = ix >= 0 && ix < aw.size && iy >= 0 && iy < ah.size;
  Halide::Expr v = x.func(Halide::clamp(ix, 0, aw.size - 1),
                          Halide::clamp(iy, 0, ah.size - 1), c, n);
  Halide::Func winner(name + "_winner");
  Halide::Tuple best = Halide::argmax(
      Halide::select(inside, v, Halide::Float(32).min()), name + "_argmax");
  winner(j, i, c, n) = best[1] * aw.kernel + best[0];
  std::vector<int64_t> outShape = dy.shape;
  ctx.addStage(StageKind::Materialize, HTensor{winner, outShape}, op);

  Halide::RDom cand(0, aw.candidates(), 0, ah.candidates(), name + "_cand");
  Halide::Expr wi = aw.window(w, cand.x), hi = ah.window(h, cand.y);
  Halide::Expr cwi = Halide::clamp(wi, 0, aw.out - 1),
               chi = Halide::clamp(hi, 0, ah.out - 1);
  Halide::Expr cell = (h + ah.padBegin - chi * ah.stride) * aw.kernel +
                      (w + aw.padBegin - cwi * aw.stride);
  Halide::Expr wins =
      aw.covers(wi, w) && ah.covers(hi, h) && winner(cwi, chi, c, n) == cell;
  Halide::Func f(name);
  f(w, h, c, n) =
      Halide::sum(Halide::select(wins, dy.func(cwi, chi, c, n), 0.0f));
  HTensor out{f, shapeOf(op.getGradInput())};
  ctx.addStage(StageKind::Materialize, out, op);
  ctx.bind(op.getGradInput(), out);
  return success();
}

LogicalResult lowerGradientOp(ssl::AvgPool2dGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput());
  auto [ah, aw] = windowAxes(op);
  bool includePad = op.getCountIncludePad();
  std::string name = "avg_pool_grad" + std::to_string(ctx.nextId());
  Halide::Var c("c"), n("n"), w("w"), h("h");
  // The forward divisor of shapes::avgPoolWindowCount, per axis.
  auto count = [&](const WindowAxis &a, Halide::Expr window) {
    Halide::Expr start = window * a.stride - a.padBegin;
    if (includePad)
      return Halide::min(start + a.kernel, a.size + a.padEnd) - start;
    return Halide::min(start + a.kernel, a.size) - Halide::max(start, 0);
  };
  Halide::RDom cand(0, aw.candidates(), 0, ah.candidates(), name + "_cand");
  Halide::Expr wi = aw.window(w, cand.x), hi = ah.window(h, cand.y);
  Halide::Expr cwi = Halide::clamp(wi, 0, aw.out - 1),
               chi = Halide::clamp(hi, 0, ah.out - 1);
  Halide::Expr divisor = Halide::cast<float>(count(aw, cwi) * count(ah, chi));
  Halide::Func f(name);
  f(w, h, c, n) =
      Halide::sum(Halide::select(aw.covers(wi, w) && ah.covers(hi, h),
                                 dy.func(cwi, chi, c, n) / divisor, 0.0f));
  HTensor out{f, shapeOf(op.getGradInput())};
  ctx.addStage(StageKind::Materialize, out, op);
  ctx.bind(op.getGradInput(), out);
  return success();
}

LogicalResult lowerGradientOp(ssl::GlobalAvgPoolGradOp op,
                              LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput());
  std::vector<int64_t> shape = shapeOf(op.getGradInput());
  const float area = static_cast<float>(shape[2] * shape[3]);
  ctx.bind(op.getGradInput(),
           define(op, StageKind::Elementwise, "global_avg_pool_grad", shape,
                  ctx, [&](auto v) {
                    Halide::Expr g = dy.rank() == 4 ? dy.func(0, 0, v[2], v[3])
                                                    : dy.func(v[2], v[3]);
                    return g / area;
                  }));
  return success();
}

LogicalResult lowerGradientOp(ssl::FlattenGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput());
  std::vector<int64_t> shape = shapeOf(op.getGradInput());
  const int rank = static_cast<int>(shape.size());
  ctx.bind(op.getGradInput(), define(op, StageKind::Elementwise, "flatten_grad",
                                     shape, ctx, [&](auto v) {
                                       // Row-major index over the trailing
                                       // axes.
                                       Halide::Expr k = 0;
                                       int64_t stride = 1;
                                       for (int d = 0; d < rank - 1; ++d) {
                                         k = k +
                                             v[d] * static_cast<int>(stride);
                                         stride *= shape[rank - 1 - d];
                                       }
                                       return dy.func(k, v[rank - 1]);
                                     }));
  return success();
}

LogicalResult lowerGradientOp(ssl::ConcatGradOp op, LoweringContext &ctx) {
  HTensor dy = ctx.lookup(op.getGradOutput());
  const int axis = dy.rank() - 1 - static_cast<int>(op.getAxis());
  int offset = 0;
  for (Value result : op.getGradInputs()) {
    std::vector<int64_t> shape = shapeOf(result);
    ctx.bind(result, define(op, StageKind::Elementwise, "concat_grad", shape,
                            ctx, [&](auto v) {
                              v[axis] = v[axis] + offset;
                              return dy.func(v);
                            }));
    offset += static_cast<int>(shape[shape.size() - 1 - axis]);
  }
  return success();
}

/// (softmax(x) - t) / N, read by the dense gradients of the last layer.
LogicalResult lowerGradientOp(ssl::SoftmaxCrossEntropyGradOp op,
                              LoweringContext &ctx) {
  HTensor logits = ctx.lookup(op.getLogits());
  HTensor labels = ctx.lookup(op.getLabels());
  Halide::Func lse = crossEntropyLogSumExp(logits, op, ctx);
  const int K = logits.extent(0);
  const float N = static_cast<float>(logits.extent(1));
  ctx.bind(op.getGradLogits(),
           define(op, StageKind::Materialize, "cross_entropy_grad",
                  logits.shape, ctx, [&](auto v) {
                    Halide::Expr p = Halide::exp(logits.func(v) - lse(v[1]));
                    return (p - crossEntropyTarget(labels, v[0], v[1], K)) / N;
                  }));
  return success();
}

} // namespace sslc::codegen
