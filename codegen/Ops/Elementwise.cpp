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
  ctx.addStage(kind, out, op);
  ctx.bind(result, out);
}

} // namespace

LogicalResult lowerRelu(ssl::ReluOp op, LoweringContext &ctx) {
  bindElementwise(op, op.getOutput(), "relu", {ctx.lookup(op.getInput())},
                  ctx, [](auto &v) { return Halide::max(v[0], 0.0f); });
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
