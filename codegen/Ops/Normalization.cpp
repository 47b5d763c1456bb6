//===- Normalization.cpp - ssl.batch_norm to Halide -----------------------===//
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
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
