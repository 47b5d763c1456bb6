//===- Normalization.cpp - ssl.batch_norm, ssl.layer_norm to Halide ------===//
#include "codegen/Ops/OpLowerings.h"

#include <cmath>

using namespace mlir;

namespace sslc::codegen {

/// Inference batch norm is a per-channel affine map; its scale and shift
/// are computed here, at compile time, in double precision.
LogicalResult lowerBatchNorm(ssl::BatchNormOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  auto gamma = constantValues(op, op.getGamma(), "gamma");
  auto beta = constantValues(op, op.getBeta(), "beta");
  auto mean = constantValues(op, op.getMean(), "mean");
  auto var = constantValues(op, op.getVariance(), "variance");
  if (failed(gamma) || failed(beta) || failed(mean) || failed(var))
    return failure();
  const int C = static_cast<int>(in.shape[1]);
  double eps = op.getEpsilon().convertToDouble();
  std::string name = "batch_norm" + std::to_string(ctx.nextId());
  Halide::Buffer<float> scale(C), shift(C);
  scale.set_name(name + "_scale");
  shift.set_name(name + "_shift");
  for (int c = 0; c < C; ++c) {
    double s = (*gamma)[c] / std::sqrt(double((*var)[c]) + eps);
    scale(c) = static_cast<float>(s);
    shift(c) = static_cast<float>((*beta)[c] - (*mean)[c] * s);
  }
  std::vector<Halide::Var> v = makeVars(in.rank());
  std::vector<Halide::Expr> args(v.begin(), v.end());
  Halide::Var channel = v[in.rank() - 2]; // axis 1 in MLIR order
  Halide::Func f(name);
  f(v) = in.func(args) * scale(channel) + shift(channel);
  HTensor out{f, in.shape};
  ctx.addElementwiseStage(out, {in}, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

/// Layer norm over the channels of each position: the mean and the
/// variance are stored per position ([N, H, W]), each a pass over the
/// channels; the normalized value is inlined into its consumer (in
/// ConvNeXt, the pointwise convolution that follows).
LogicalResult lowerLayerNorm(ssl::LayerNormOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  auto gamma = constantValues(op, op.getGamma(), "gamma");
  auto beta = constantValues(op, op.getBeta(), "beta");
  if (failed(gamma) || failed(beta))
    return failure();
  const int rank = in.rank();
  const int C = static_cast<int>(in.shape[1]);
  std::string name = "layer_norm" + std::to_string(ctx.nextId());
  Halide::Buffer<float> g(C), b(C);
  g.set_name(name + "_gamma");
  b.set_name(name + "_beta");
  for (int c = 0; c < C; ++c) {
    g(c) = (*gamma)[c];
    b(c) = (*beta)[c];
  }
  // Halide order reverses MLIR's: the channel is argument rank - 2.
  std::vector<Halide::Var> v = makeVars(rank);
  const int channelArg = rank - 2;
  std::vector<Halide::Var> pos; // every argument but the channel
  for (int i = 0; i < rank; ++i)
    if (i != channelArg)
      pos.push_back(v[i]);
  Halide::RDom r(0, C, name + "_r");
  auto at = [&](Halide::Expr c) {
    std::vector<Halide::Expr> args(v.begin(), v.end());
    args[channelArg] = c;
    return args;
  };
  std::vector<int64_t> statShape;
  for (int d = 0; d < rank; ++d)
    if (d != 1)
      statShape.push_back(in.shape[d]);
  std::vector<Halide::Expr> posArgs(pos.begin(), pos.end());
  Halide::Func mean(name + "_mean"), var(name + "_var"), out(name);
  mean(pos) = Halide::sum(in.func(at(r.x))) / static_cast<float>(C);
  Halide::Expr centered = in.func(at(r.x)) - mean(posArgs);
  var(pos) = Halide::sum(centered * centered) / static_cast<float>(C);
  std::vector<Halide::Expr> args(v.begin(), v.end());
  Halide::Expr channel = v[channelArg];
  out(v) = (in.func(args) - mean(posArgs)) /
               Halide::sqrt(var(posArgs) + op.getEpsilon().convertToFloat()) *
               g(channel) +
           b(channel);
  ctx.addStage(StageKind::Materialize, HTensor{mean, statShape}, op);
  ctx.addStage(StageKind::Materialize, HTensor{var, statShape}, op);
  HTensor result{out, in.shape};
  ctx.addStage(StageKind::Elementwise, result, op);
  ctx.bind(op.getOutput(), result);
  return success();
}

} // namespace sslc::codegen
