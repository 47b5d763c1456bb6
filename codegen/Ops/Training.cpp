//===- Training.cpp - parameters as inputs, loss, regularizer, optimizer
//---===//
#include "codegen/Ops/OpLowerings.h"
#include "codegen/Ops/TrainingLowerings.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace sslc::codegen {
namespace {

std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &v) {
  return std::vector<Halide::Expr>(v.begin(), v.end());
}

/// out(v) = fn(v) over `shape`, inlined into its consumers.
template <typename Fn>
HTensor elementwise(Operation *op, const std::string &name,
                    const std::vector<int64_t> &shape, LoweringContext &ctx,
                    Fn fn) {
  std::vector<Halide::Var> v = makeVars(static_cast<int>(shape.size()));
  Halide::Func f(name + std::to_string(ctx.nextId()));
  f(v) = fn(asExprs(v));
  HTensor t{f, shape};
  ctx.addStage(StageKind::Elementwise, t, op);
  return t;
}

std::string symbolName(Operation *load) {
  if (auto l = dyn_cast<ml_program::GlobalLoadOp>(load))
    return l.getGlobal().getLeafReference().str();
  return cast<ml_program::GlobalLoadConstOp>(load)
      .getGlobal()
      .getLeafReference()
      .str();
}

/// Halide dimension (innermost first) of MLIR axis `axis` of a rank-`rank`
/// tensor.
int halideDim(int rank, int axis) { return rank - 1 - axis; }

/// A reduction over every axis but the channel axis (1) of `t`, as an RDom
/// and a function giving the argument list for channel `c`.
struct ChannelReduction {
  Halide::RDom r;
  int64_t count = 1;
  std::vector<Halide::Expr> args(Halide::Expr c) const {
    std::vector<Halide::Expr> a;
    int k = 0;
    for (size_t d = 0; d < dims; ++d)
      a.push_back(d == dims - 2 ? c : Halide::Expr(r[k++]));
    return a;
  }
  size_t dims = 0;
};

ChannelReduction channelReduction(const HTensor &t, const std::string &name) {
  ChannelReduction cr;
  cr.dims = t.shape.size();
  std::vector<Halide::Range> ranges;
  for (int d = 0; d < t.rank(); ++d)
    if (d != t.rank() - 2) {
      ranges.emplace_back(0, t.extent(d));
      cr.count *= t.extent(d);
    }
  cr.r = Halide::RDom(ranges, name);
  return cr;
}

/// Axes (MLIR order) that index the groups of `kind`; the others are summed.
std::vector<int> groupAxes(ssl::GroupKind kind) {
  switch (kind) {
  case ssl::GroupKind::Filter:
  case ssl::GroupKind::Row:
    return {0};
  case ssl::GroupKind::Channel:
  case ssl::GroupKind::Column:
    return {1};
  case ssl::GroupKind::Shape:
    return {1, 2, 3};
  case ssl::GroupKind::Kernel2D:
    return {0, 1};
  case ssl::GroupKind::Depth:
  case ssl::GroupKind::DepthBN: // one group; the other operands join it
    return {};
  }
  return {};
}

/// The squared L2 norm of every group of `w`, a Func over the group axes
/// (Halide order), and the arguments of the group of element `v`.
struct GroupSquares {
  Halide::Func squares;
  std::vector<int> keptDims; // Halide dims, ascending
  std::vector<Halide::Expr>
  groupArgs(const std::vector<Halide::Expr> &v) const {
    std::vector<Halide::Expr> a;
    for (int d : keptDims)
      a.push_back(v[d]);
    return a;
  }
};

GroupSquares groupSquares(const HTensor &w, ssl::GroupKind kind, Operation *op,
                          LoweringContext &ctx) {
  GroupSquares gs;
  std::vector<bool> kept(w.rank(), false);
  for (int axis : groupAxes(kind))
    kept[halideDim(w.rank(), axis)] = true;
  std::vector<Halide::Range> ranges;
  for (int d = 0; d < w.rank(); ++d)
    if (kept[d])
      gs.keptDims.push_back(d);
    else
      ranges.emplace_back(0, w.extent(d));
  // The group-Lasso term and its subgradient read the same norms: compute
  // them once per weight and kind.
  std::string key = "group_squares/" + w.func.name() + "/" +
                    ssl::stringifyGroupKind(kind).str();
  if (std::optional<Halide::Func> shared = ctx.sharedFunc(key)) {
    gs.squares = *shared;
    return gs;
  }
  std::string name = "group_squares" + std::to_string(ctx.nextId());
  Halide::RDom r(ranges, name + "_r");
  std::vector<Halide::Var> v = makeVars(static_cast<int>(gs.keptDims.size()));
  std::vector<Halide::Expr> args(w.rank());
  for (size_t k = 0, j = 0; k < args.size(); ++k)
    args[k] =
        kept[k]
            ? Halide::Expr(
                  v[std::find(gs.keptDims.begin(), gs.keptDims.end(), int(k)) -
                    gs.keptDims.begin()])
            : Halide::Expr(r[j++]);
  gs.squares = Halide::Func(name);
  Halide::Expr value = w.func(args);
  gs.squares(v) = Halide::sum(value * value);
  std::vector<int64_t> shape;
  for (auto it = gs.keptDims.rbegin(); it != gs.keptDims.rend(); ++it)
    shape.push_back(w.shape[w.rank() - 1 - *it]);
  ctx.addStage(StageKind::Reduction, HTensor{gs.squares, shape}, op);
  ctx.shareFunc(key, gs.squares);
  return gs;
}

/// The group norms of the operands of a group op: the groups of its one
/// weight, or for depth_bn the single group over all of them (a scalar
/// Func, inlined into its readers).
GroupSquares operandSquares(Operation *op, ssl::GroupKind kind,
                            ValueRange weights, LoweringContext &ctx) {
  GroupSquares gs = groupSquares(ctx.lookup(weights.front()), kind, op, ctx);
  if (weights.size() == 1)
    return gs;
  Halide::Expr total = gs.squares();
  for (Value w : weights.drop_front())
    total +=
        groupSquares(ctx.lookup(w), ssl::GroupKind::Depth, op, ctx).squares();
  gs.squares = Halide::Func("joint_squares" + std::to_string(ctx.nextId()));
  gs.squares() = total;
  gs.keptDims.clear();
  ctx.addStage(StageKind::Elementwise, HTensor{gs.squares, {}}, op);
  return gs;
}

} // namespace

Halide::Expr crossEntropyTarget(const HTensor &labels, Halide::Expr k,
                                Halide::Expr n, int numClasses) {
  if (labels.rank() == 1) {
    Halide::Expr label =
        Halide::clamp(Halide::cast<int>(labels.func(n)), 0, numClasses - 1);
    return Halide::select(k == label, 1.0f, 0.0f);
  }
  return labels.func(k, n);
}

Halide::Func crossEntropyLogSumExp(const HTensor &logits, Operation *op,
                                   LoweringContext &ctx) {
  std::string name = "lse" + std::to_string(ctx.nextId());
  Halide::Var n("n");
  Halide::RDom r(0, logits.extent(0), name + "_r");
  Halide::Func maxv(name + "_max"), lse(name);
  maxv(n) = Halide::maximum(logits.func(r, n));
  lse(n) = maxv(n) +
           Halide::log(Halide::sum(Halide::exp(logits.func(r, n) - maxv(n))));
  ctx.addStage(StageKind::Reduction, HTensor{maxv, {logits.shape[1]}}, op);
  ctx.addStage(StageKind::Reduction, HTensor{lse, {logits.shape[1]}}, op);
  return lse;
}

LogicalResult lowerParameterLoad(Operation *load, LoweringContext &ctx) {
  LoweredNetwork &net = ctx.network();
  std::string name = symbolName(load);
  auto type = cast<RankedTensorType>(load->getResult(0).getType());
  size_t index =
      std::find(net.inputGlobals.begin(), net.inputGlobals.end(), name) -
      net.inputGlobals.begin();
  if (index == net.inputGlobals.size()) {
    net.inputs.push_back(
        staticInput(Halide::Float(32), type, "param" + std::to_string(index)));
    net.inputShapes.emplace_back(type.getShape());
    net.inputGlobals.push_back(name);
  }
  Halide::ImageParam param = net.inputs[index];
  std::vector<Halide::Var> v = makeVars(type.getRank());
  Halide::Func f("param" + std::to_string(index) + "_f" +
                 std::to_string(ctx.nextId()));
  f(v) = param(v);
  ctx.bind(load->getResult(0),
           HTensor{f, std::vector<int64_t>(type.getShape())});
  return success();
}

LogicalResult lowerGlobalStore(ml_program::GlobalStoreOp op,
                               LoweringContext &ctx) {
  LoweredNetwork &net = ctx.network();
  HTensor t = ctx.lookup(op.getValue());
  std::vector<Halide::Var> v = makeVars(t.rank());
  Halide::Func out("store" + std::to_string(net.outputs.size()));
  out(v) = t.func(asExprs(v));
  net.outputs.push_back(out);
  net.outputShapes.push_back(t.shape);
  net.outputGlobals.push_back(op.getGlobal().getLeafReference().str());
  return success();
}

/// y(m, n) = b(m) + Σ_k x(k, n) · wᵀ(m, k): the weight is transposed once
/// per run so the reduction reads it output-feature innermost, as the
/// inference lowering's packed constant.
LogicalResult lowerTrainableDense(ssl::DenseOp op, LoweringContext &ctx) {
  HTensor in = isa<BlockArgument>(op.getInput())
                   ? ctx.lookup(op.getInput())
                   : ctx.materialized(op.getInput(), op);
  HTensor w = ctx.lookup(op.getWeight());
  const int M = static_cast<int>(w.shape[0]), K = static_cast<int>(w.shape[1]);
  std::string name = "dense" + std::to_string(ctx.nextId());
  Halide::Var m("m"), k("k"), n("n");
  Halide::Func wT(name + "_wT");
  wT(m, k) = w.func(k, m);
  ctx.addStage(StageKind::Materialize, HTensor{wT, {K, M}}, op);
  Halide::Func f(name);
  Halide::RDom r(0, K, name + "_r");
  f(m, n) =
      op.getBias() ? ctx.lookup(op.getBias()).func(m) : Halide::Expr(0.0f);
  f(m, n) += in.func(r, n) * wT(m, r);
  HTensor out{f, {in.shape[0], M}};
  ctx.addStage(StageKind::Dense, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

/// The direct convolution of the inference lowering with the weight packed
/// at run time.
LogicalResult lowerTrainableConv2d(ssl::Conv2dOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  HTensor w = ctx.lookup(op.getWeight());
  auto wType = op.getWeight().getType();
  ConvGeometry geo =
      geometryOf(op.getInput().getType(), wType, op.getStrides(), op.getPads(),
                 op.getDilations(), static_cast<int64_t>(op.getGroups()),
                 {wType.getDimSize(2), wType.getDimSize(3)});
  const int cb = channelBlockFor(ctx.target());
  std::string name = "conv" + std::to_string(ctx.nextId());
  Halide::Func packed = packConvWeight(w.func, geo, cb, name + "_weight");
  const int blocks = (geo.Og() + cb - 1) / cb;
  ctx.addStage(
      StageKind::Materialize,
      HTensor{packed, {geo.groups, blocks, geo.Cg(), geo.KH, geo.KW, cb}}, op);
  Halide::Var oi("oi"), ob("ob"), g("g");
  Halide::Func bias(name + "_bias");
  const int Og = geo.Og();
  Halide::Expr ol = ob * cb + oi;
  if (Value b = op.getBias())
    bias(oi, ob, g) = Halide::select(
        ol < Og, ctx.lookup(b).func(g * Og + Halide::min(ol, Og - 1)), 0.0f);
  else
    bias(oi, ob, g) = 0.0f;
  auto conv = std::make_shared<ConvFuncs>(
      buildConvolution(in.func, geo, packed, bias, /*relu=*/false, name, cb));
  HTensor out{asNCHW(*conv, name + "_nchw"),
              {geo.N, geo.O, geo.OH(), geo.OW()}};
  ctx.addConvStage(conv, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

LogicalResult lowerTrainableBatchNorm(ssl::BatchNormOp op,
                                      LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  Halide::Func gamma = ctx.lookup(op.getGamma()).func,
               beta = ctx.lookup(op.getBeta()).func,
               mean = ctx.lookup(op.getMean()).func,
               var = ctx.lookup(op.getVariance()).func;
  float eps = op.getEpsilon().convertToFloat();
  int rank = in.rank();
  HTensor out = elementwise(op, "batch_norm", in.shape, ctx, [&](auto v) {
    Halide::Expr c = v[rank - 2];
    return (in.func(v) - mean(c)) * (gamma(c) / Halide::sqrt(var(c) + eps)) +
           beta(c);
  });
  ctx.bind(op.getOutput(), out);
  return success();
}

/// Inverted dropout with the keep mask of the op description: a hash of
/// the seed, the step and the element's row-major index, in uint32
/// arithmetic (which wraps in Halide, as in C++). The backward pass lowers
/// through here too: its dropout has the same seed and step.
LogicalResult lowerTrainingDropout(ssl::DropoutOp op, LoweringContext &ctx) {
  HTensor x = ctx.lookup(op.getInput());
  auto u32 = [](uint32_t v) {
    return Halide::Expr(Halide::Internal::UIntImm::make(Halide::UInt(32), v));
  };
  auto fmix32 = [&](Halide::Expr h) {
    h = h ^ (h >> 16);
    h = h * u32(0x85ebca6bu);
    h = h ^ (h >> 13);
    h = h * u32(0xc2b2ae35u);
    return h ^ (h >> 16);
  };
  uint64_t seed = op.getSeed();
  Halide::Expr s = fmix32(u32(static_cast<uint32_t>(seed)) ^
                          fmix32(u32(static_cast<uint32_t>(seed >> 32))));
  Halide::Expr step =
      op.getStep() ? Halide::cast<uint32_t>(ctx.lookup(op.getStep()).func())
                   : u32(0);
  Halide::Expr key = fmix32(s + u32(0x9e3779b9u) * step);
  float ratio = op.getRatio().convertToFloat();
  // ratio < 1, so ratio · 2^32 < 2^32.
  auto dropBelow =
      static_cast<uint32_t>(std::floor(double(ratio) * 4294967296.0));
  float scale = 1.0f / (1.0f - ratio);
  int rank = x.rank();
  ctx.bind(
      op.getOutput(), elementwise(op, "dropout", x.shape, ctx, [&](auto v) {
        Halide::Expr index = 0;
        for (int d = rank - 1; d >= 0; --d)
          index = index * x.extent(d) + v[d];
        Halide::Expr h = fmix32(fmix32(Halide::cast<uint32_t>(index)) ^ key);
        return Halide::select(h < u32(dropBelow), 0.0f, x.func(v) * scale);
      }));
  return success();
}

/// The counter wraps at 2^24, where f32 stops counting exactly.
LogicalResult lowerTrainingOp(ssl::NextStepOp op, LoweringContext &ctx) {
  HTensor step = ctx.lookup(op.getStep());
  ctx.bind(op.getOutput(), elementwise(op, "next_step", {}, ctx, [&](auto) {
             Halide::Expr next = step.func() + 1.0f;
             return Halide::select(next >= 16777216.0f, 0.0f, next);
           }));
  return success();
}

LogicalResult lowerTrainingOp(ssl::BatchNormTrainOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  Halide::Func gamma = ctx.lookup(op.getGamma()).func,
               beta = ctx.lookup(op.getBeta()).func,
               runningMean = ctx.lookup(op.getRunningMean()).func,
               runningVar = ctx.lookup(op.getRunningVariance()).func;
  float eps = op.getEpsilon().convertToFloat();
  float momentum = op.getMomentum().convertToFloat();
  std::string name = "batch_norm_train" + std::to_string(ctx.nextId());
  ChannelReduction cr = channelReduction(in, name + "_r");
  const float M = static_cast<float>(cr.count);
  Halide::Var c("c");
  Halide::Func mean(name + "_mean"), var(name + "_var");
  mean(c) = Halide::sum(in.func(cr.args(c))) / M;
  Halide::Expr d = in.func(cr.args(c)) - mean(c);
  var(c) = Halide::sum(d * d) / M;
  std::vector<int64_t> channels{in.shape[1]};
  ctx.addStage(StageKind::Reduction, HTensor{mean, channels}, op);
  ctx.addStage(StageKind::Reduction, HTensor{var, channels}, op);
  int rank = in.rank();
  HTensor out = elementwise(op, name, in.shape, ctx, [&](auto v) {
    Halide::Expr ch = v[rank - 2];
    return (in.func(v) - mean(ch)) * (gamma(ch) / Halide::sqrt(var(ch) + eps)) +
           beta(ch);
  });
  ctx.bind(op.getOutput(), out);
  ctx.bind(op.getBatchMean(), HTensor{mean, channels});
  ctx.bind(op.getBatchVariance(), HTensor{var, channels});
  // Running estimates use the unbiased variance (Caffe, PyTorch).
  float unbias = M / std::max(M - 1.0f, 1.0f);
  ctx.bind(op.getNewRunningMean(),
           elementwise(op, name + "_running_mean", channels, ctx, [&](auto v) {
             return momentum * runningMean(v[0]) + (1 - momentum) * mean(v[0]);
           }));
  ctx.bind(op.getNewRunningVariance(),
           elementwise(op, name + "_running_var", channels, ctx, [&](auto v) {
             return momentum * runningVar(v[0]) +
                    (1 - momentum) * unbias * var(v[0]);
           }));
  return success();
}

/// loss = (1/N) Σ_n Σ_k t[n, k] · (lse(n) - x[n, k]), with the class-index
/// form reading the one logit of the label.
LogicalResult lowerTrainingOp(ssl::SoftmaxCrossEntropyOp op,
                              LoweringContext &ctx) {
  HTensor logits = ctx.lookup(op.getLogits());
  HTensor labels = ctx.lookup(op.getLabels());
  const int K = logits.extent(0), N = logits.extent(1);
  Halide::Func lse = crossEntropyLogSumExp(logits, op, ctx);
  std::string name = "cross_entropy" + std::to_string(ctx.nextId());
  Halide::Func loss(name);
  if (labels.rank() == 1) {
    Halide::RDom r(0, N, name + "_r");
    Halide::Expr label =
        Halide::clamp(Halide::cast<int>(labels.func(r)), 0, K - 1);
    loss() = Halide::sum(lse(r) - logits.func(label, r)) / float(N);
  } else {
    Halide::RDom r(0, K, 0, N, name + "_r");
    loss() = Halide::sum(labels.func(r.x, r.y) *
                         (lse(r.y) - logits.func(r.x, r.y))) /
             float(N);
  }
  HTensor out{loss, {}};
  ctx.addStage(StageKind::Reduction, out, op);
  ctx.bind(op.getLoss(), out);
  return success();
}

LogicalResult lowerTrainingOp(ssl::GroupLassoOp op, LoweringContext &ctx) {
  HTensor w = ctx.lookup(op.getWeight());
  GroupSquares gs = operandSquares(op, op.getKind(), op.getWeights(), ctx);
  std::vector<Halide::Range> ranges;
  for (int d : gs.keptDims)
    ranges.emplace_back(0, w.extent(d));
  std::string name = "group_lasso" + std::to_string(ctx.nextId());
  Halide::Func f(name);
  float lambda = op.getLambda().convertToFloat();
  if (ranges.empty()) {
    f() = lambda * Halide::sqrt(gs.squares());
  } else {
    Halide::RDom r(ranges, name + "_r");
    std::vector<Halide::Expr> args;
    for (int i = 0; i < r.dimensions(); ++i)
      args.push_back(r[i]);
    f() = lambda * Halide::sum(Halide::sqrt(gs.squares(args)));
  }
  HTensor out{f, {}};
  ctx.addStage(StageKind::Reduction, out, op);
  ctx.bind(op.getResult(), out);
  return success();
}

/// λ · w / ‖w_g‖₂, and 0 in a group whose norm is 0.
LogicalResult lowerTrainingOp(ssl::GroupLassoGradOp op, LoweringContext &ctx) {
  GroupSquares gs = operandSquares(op, op.getKind(), op.getWeights(), ctx);
  float lambda = op.getLambda().convertToFloat();
  for (auto [weight, grad] : llvm::zip(op.getWeights(), op.getGrads())) {
    HTensor w = ctx.lookup(weight);
    ctx.bind(grad,
             elementwise(op, "group_lasso_grad", w.shape, ctx, [&](auto v) {
               Halide::Expr sq = gs.squares(gs.groupArgs(v));
               return Halide::select(
                   sq > 0.0f, lambda * w.func(v) / Halide::sqrt(sq), 0.0f);
             }));
  }
  return success();
}

/// w · max(0, 1 - lr·λ/‖w_g‖₂), and 0 in a group whose norm is 0. The
/// scale is computed once per group; for the group kinds of one weight its
/// Func has the group axes, for depth_bn none.
LogicalResult lowerTrainingOp(ssl::GroupShrinkOp op, LoweringContext &ctx) {
  GroupSquares gs = operandSquares(op, op.getKind(), op.getWeights(), ctx);
  HTensor lr = ctx.lookup(op.getLr());
  float lambda = op.getLambda().convertToFloat();
  HTensor first = ctx.lookup(op.getWeights().front());
  std::vector<Halide::Var> g = makeVars(static_cast<int>(gs.keptDims.size()));
  std::vector<Halide::Expr> gArgs(g.begin(), g.end());
  Halide::Func scale("group_shrink_scale" + std::to_string(ctx.nextId()));
  Halide::Expr sq = gs.squares(gArgs);
  scale(g) = Halide::select(
      sq > 0.0f,
      Halide::max(0.0f, 1.0f - lr.func() * lambda / Halide::sqrt(sq)), 0.0f);
  std::vector<int64_t> groupShape;
  for (auto it = gs.keptDims.rbegin(); it != gs.keptDims.rend(); ++it)
    groupShape.push_back(first.shape[first.rank() - 1 - *it]);
  // Every element of a group reads its scale: compute it once.
  HTensor scales = ctx.materialize(
      HTensor{scale, groupShape},
      "group_shrink_scale_buf" + std::to_string(ctx.nextId()), op);
  for (auto [weight, output] : llvm::zip(op.getWeights(), op.getOutputs())) {
    HTensor w = ctx.lookup(weight);
    bool own = weight == op.getWeights().front();
    ctx.bind(output, elementwise(op, "group_shrink", w.shape, ctx, [&](auto v) {
               return w.func(v) *
                      (own ? scales.func(gs.groupArgs(v)) : scales.func());
             }));
  }
  return success();
}

LogicalResult lowerTrainingOp(ssl::SgdMomentumOp op, LoweringContext &ctx) {
  HTensor p = ctx.lookup(op.getParam()), g = ctx.lookup(op.getGrad()),
          vel = ctx.lookup(op.getVelocity()), lr = ctx.lookup(op.getLr());
  float momentum = op.getMomentum().convertToFloat();
  float decay = op.getWeightDecay().convertToFloat();
  HTensor newVelocity = elementwise(op, "velocity", p.shape, ctx, [&](auto v) {
    return momentum * vel.func(v) + lr.func() * (g.func(v) + decay * p.func(v));
  });
  // The velocity is computed once into its own buffer: both the new
  // parameter and the stored velocity read it.
  newVelocity = ctx.materialize(
      newVelocity, "velocity_buf" + std::to_string(ctx.nextId()), op);
  ctx.bind(op.getNewVelocity(), newVelocity);
  ctx.bind(op.getNewParam(),
           elementwise(op, "param", p.shape, ctx, [&](auto v) {
             return p.func(v) - newVelocity.func(v);
           }));
  return success();
}

LogicalResult lowerTrainingOp(ssl::ZeroSmallOp op, LoweringContext &ctx) {
  HTensor x = ctx.lookup(op.getInput());
  float threshold = op.getThreshold().convertToFloat();
  ctx.bind(
      op.getOutput(), elementwise(op, "zero_small", x.shape, ctx, [&](auto v) {
        Halide::Expr value = x.func(v);
        return Halide::select(Halide::abs(value) <= threshold, 0.0f, value);
      }));
  return success();
}

LogicalResult lowerTrainingOp(ssl::ApplyMaskOp op, LoweringContext &ctx) {
  HTensor p = ctx.lookup(op.getParam()), m = ctx.lookup(op.getMask());
  ctx.bind(op.getOutput(),
           elementwise(op, "apply_mask", p.shape, ctx,
                       [&](auto v) { return p.func(v) * m.func(v); }));
  return success();
}

} // namespace sslc::codegen
