//===- Elementwise.cpp - elementwise ssl ops to Halide --------------------===//
#include "codegen/Ops/OpLowerings.h"

using namespace mlir;

namespace sslc::codegen {

LogicalResult lowerRelu(ssl::ReluOp op, LoweringContext &ctx) {
  HTensor &in = ctx.lookup(op.getInput());
  std::vector<Halide::Var> v = makeVars(in.rank());
  std::vector<Halide::Expr> args(v.begin(), v.end());
  Halide::Func f("relu");
  f(v) = Halide::max(in.func(args), 0.0f);
  HTensor out{f, in.shape};
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
