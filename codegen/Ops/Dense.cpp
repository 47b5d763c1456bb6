//===- Dense.cpp - ssl.dense to Halide ------------------------------------===//
#include "codegen/Ops/OpLowerings.h"

using namespace mlir;

namespace sslc::codegen {

LogicalResult lowerDense(ssl::DenseOp op, LoweringContext &ctx) {
  // The reduction reads each input value once per block of outputs: compute
  // it once unless it is the network input itself.
  HTensor in = ctx.lookup(op.getInput());
  if (!isa<BlockArgument>(op.getInput()))
    in = ctx.materialize(in, "dense_in" + std::to_string(ctx.nextId()), op);
  auto wType = op.getWeight().getType();
  const int M = static_cast<int>(wType.getDimSize(0));
  const int K = static_cast<int>(wType.getDimSize(1));
  const int N = static_cast<int>(in.shape[0]);

  FailureOr<Halide::Buffer<float>> w =
      constantOperand(ctx, op, op.getWeight(), "weight");
  if (failed(w))
    return failure();
  // Repack [M, K] so the output feature is innermost: the reduction then
  // broadcasts one input value against contiguous weight vectors.
  Halide::Buffer<float> packed(M, K);
  packed.set_name(ctx.uniqueName(w->name() + "_packed"));
  for (int k = 0; k < K; ++k)
    for (int m = 0; m < M; ++m)
      packed(m, k) = (*w)(k, m);

  Halide::Expr init = 0.0f;
  Halide::Var m("m"), n("n");
  if (Value b = op.getBias()) {
    FailureOr<Halide::Buffer<float>> bias = constantOperand(ctx, op, b, "bias");
    if (failed(bias))
      return failure();
    init = (*bias)(m);
  }
  Halide::Func f("dense" + std::to_string(ctx.nextId()));
  Halide::RDom r(0, K, "k");
  f(m, n) = init;
  f(m, n) += in.func(r, n) * packed(m, r);

  HTensor out{f, {N, M}};
  ctx.addStage(StageKind::Dense, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
