//===- Elementwise.cpp - elementwise ssl ops to Halide --------------------===//
#include "codegen/Ops/OpLowerings.h"

using namespace mlir;

namespace sslc::codegen {
namespace {

/// out(v) = fn(ins(v)...) over the shape of the first input.
template <typename Fn>
void bindElementwise(Operation *op, Value result, const std::string &name,
                     const std::vector<HTensor> &ins, LoweringContext &ctx, Fn fn,
                     StageKind kind = StageKind::Elementwise) {
  std::vector<Halide::Var> v = makeVars(ins[0].rank());
  std::vector<Halide::Expr> args(v.begin(), v.end());
  std::vector<Halide::Expr> values;
  for (const HTensor &t : ins)
    values.push_back(t.func(args));
  Halide::Func f(name + std::to_string(ctx.nextId()));
  f(v) = fn(values);
  HTensor out{f, ins[0].shape};
  if (kind == StageKind::Elementwise)
    ctx.addElementwiseStage(out, ins, op);
  else
    ctx.addStage(kind, out, op);
  ctx.bind(result, out);
}

} // namespace

LogicalResult lowerRelu(ssl::ReluOp op, LoweringContext &ctx) {
  bindElementwise(op, op.getOutput(), "relu", {ctx.lookup(op.getInput())},
                  ctx, [](auto &v) { return Halide::max(v[0], 0.0f); });
  return success();
}

// The activations below are inlined into their consumer like ReLU, so they
// run in the epilogue of the convolution that feeds them; each evaluates
// the expression of its op description.

LogicalResult lowerClip(ssl::ClipOp op, LoweringContext &ctx) {
  float lo = op.getMin().convertToFloat(), hi = op.getMax().convertToFloat();
  bindElementwise(
      op, op.getOutput(), "clip", {ctx.lookup(op.getInput())}, ctx,
      [&](auto &v) { return Halide::min(Halide::max(v[0], lo), hi); });
  return success();
}

LogicalResult lowerSigmoid(ssl::SigmoidOp op, LoweringContext &ctx) {
  bindElementwise(op, op.getOutput(), "sigmoid", {ctx.lookup(op.getInput())},
                  ctx,
                  [](auto &v) { return 1.0f / (1.0f + Halide::exp(-v[0])); });
  return success();
}

LogicalResult lowerHardSigmoid(ssl::HardSigmoidOp op, LoweringContext &ctx) {
  float alpha = op.getAlpha().convertToFloat();
  float beta = op.getBeta().convertToFloat();
  bindElementwise(op, op.getOutput(), "hard_sigmoid",
                  {ctx.lookup(op.getInput())}, ctx, [&](auto &v) {
                    return Halide::max(0.0f,
                                       Halide::min(1.0f, alpha * v[0] + beta));
                  });
  return success();
}

LogicalResult lowerHardSwish(ssl::HardSwishOp op, LoweringContext &ctx) {
  bindElementwise(
      op, op.getOutput(), "hard_swish", {ctx.lookup(op.getInput())}, ctx,
      [](auto &v) {
        return v[0] * Halide::min(Halide::max(v[0] + 3.0f, 0.0f), 6.0f) / 6.0f;
      });
  return success();
}

LogicalResult lowerGelu(ssl::GeluOp op, LoweringContext &ctx) {
  // The order of ONNX's decomposition (Div, Erf, Add, Mul, Mul), so the
  // rounding matches the exported graph's.
  bindElementwise(op, op.getOutput(), "gelu", {ctx.lookup(op.getInput())}, ctx,
                  [](auto &v) {
                    return v[0] * (Halide::erf(v[0] / 1.41421354f) + 1.0f) *
                           0.5f;
                  });
  return success();
}

/// A broadcast operand (a squeeze-and-excitation gate: global pooling and a
/// chain of 1×1 convolutions) is stored once, so the product reads a
/// computed value per pixel instead of re-evaluating the gate's activation
/// (or, through an inlined chain, more) at every pixel it scales.
LogicalResult lowerMul(ssl::MulOp op, LoweringContext &ctx) {
  HTensor lhs = ctx.lookup(op.getLhs());
  ArrayRef<int64_t> rhsShape = op.getRhs().getType().getShape();
  bool broadcast = false;
  for (auto [l, r] : llvm::zip(lhs.shape, rhsShape))
    broadcast |= r != l;
  HTensor rhs =
      broadcast ? ctx.materialized(op.getRhs(), op) : ctx.lookup(op.getRhs());
  std::vector<Halide::Var> v = makeVars(lhs.rank());
  std::vector<Halide::Expr> args(v.begin(), v.end()), rhsArgs = args;
  for (int d = 0; d < lhs.rank(); ++d)
    if (rhs.extent(d) != lhs.extent(d))
      rhsArgs[d] = 0;
  Halide::Func f("mul" + std::to_string(ctx.nextId()));
  f(v) = lhs.func(args) * rhs.func(rhsArgs);
  HTensor out{f, lhs.shape};
  ctx.addElementwiseStage(out, {lhs, rhs}, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

/// A residual add is stored: its result feeds the next block twice (the
/// branch and the shortcut), and inlining would chain every earlier block
/// into each later one.
LogicalResult lowerAdd(ssl::AddOp op, LoweringContext &ctx) {
  bindElementwise(op, op.getOutput(), "add",
                  {ctx.lookup(op.getLhs()), ctx.lookup(op.getRhs())}, ctx,
                  [](auto &v) { return v[0] + v[1]; },
                  StageKind::Materialize);
  return success();
}

/// Inference-time dropout is the identity (PyTorch and ONNX scale during
/// training instead).
LogicalResult lowerDropout(ssl::DropoutOp op, LoweringContext &ctx) {
  ctx.bind(op.getOutput(), ctx.lookup(op.getInput()));
  return success();
}

/// Softmax over the last axis, max-subtracted for range safety.
LogicalResult lowerSoftmax(ssl::SoftmaxOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  const int K = in.extent(0);
  std::string name = "softmax" + std::to_string(ctx.nextId());
  Halide::Var k("k"), n("n");
  Halide::RDom r(0, K, name + "_r");
  Halide::Func maxv(name + "_max"), e(name + "_exp"), total(name + "_sum"),
      f(name);
  maxv(n) = Halide::maximum(in.func(r, n));
  e(k, n) = Halide::exp(in.func(k, n) - maxv(n));
  total(n) = Halide::sum(e(r, n));
  f(k, n) = e(k, n) / total(n);
  ctx.addStage(StageKind::Reduction, HTensor{maxv, {in.shape[0]}}, op);
  ctx.addStage(StageKind::Materialize, HTensor{e, in.shape}, op);
  ctx.addStage(StageKind::Reduction, HTensor{total, {in.shape[0]}}, op);
  HTensor out{f, in.shape};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
