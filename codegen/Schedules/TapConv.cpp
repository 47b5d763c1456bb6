//===- TapConv.cpp - schedules of the per-filter tap reduction ------------===//
//
// A depthwise filter reads one input channel: there is no reuse across
// filters to block for, so the row of a filter's outputs is the register
// block (a few vectors) and the taps of its group stream over it.
//
//===----------------------------------------------------------------------===//
#include "codegen/Schedules/TapConvSchedules.h"
#include "codegen/Schedules/RowVectors.h"
#include "codegen/Target.h"

namespace sslc::codegen {

using Halide::TailStrategy;

void scheduleTapConvCPU(TapConvFuncs &conv, const Halide::Target &target) {
  const int lanes = f32VectorLanes(target);
  const ConvGeometry &geo = conv.full;
  const double flops =
      2.0 * geo.N * geo.OH() * geo.OW() * conv.filters * conv.columns;
  const bool parallel = worthParallelizing(flops);

  std::vector<Halide::Var> a = conv.out.args();
  Halide::Var x = a[0], y = a[1], i = a[2], n = a[3], task("task");
  // Rows at most the output row wide: a narrower row would run as
  // Halide's scalar tail. The output's last vector is shifted inwards; the
  // accumulator row, a buffer of its own, is rounded up to whole vectors
  // (a reduction cannot recompute a shifted vector).
  const int width = rowVectorWidth(geo.OW(), lanes);
  // A constant row (vectorizeRows bounds it), so the accumulator row
  // below has a constant extent.
  conv.out.compute_root();
  vectorizeRows(conv.out, geo.OW(), lanes);
  conv.out.fuse(i, n, task);
  if (parallel)
    conv.out.parallel(task);

  std::vector<Halide::Var> av = conv.acc.args();
  Halide::Var xo("xo"), xi("xi");
  conv.acc.compute_at(conv.out, y)
      .vectorize(av[0], width, TailStrategy::RoundUp);
  // The accumulators of a row stay in registers when it is a few vectors.
  const int vectors = (geo.OW() + width - 1) / width;
  Halide::Stage update = conv.acc.update();
  update.split(av[0], xo, xi, width, TailStrategy::RoundUp)
      .reorder(xi, xo, conv.r.x, av[1], av[2], av[3])
      .vectorize(xi);
  if (vectors <= 4)
    update.unroll(xo);

  std::vector<Halide::Var> s = conv.padded.args();
  conv.padded.compute_root().fuse(s[2], s[3], s[2]);
  vectorizeStagingRows(conv.padded, s[0], geo.windowRow(), geo.padded(),
                       lanes);
  if (parallel)
    conv.padded.parallel(s[2]);
}

namespace {
/// Every pure dimension of `f` fused into one and tiled over blocks of
/// `threads`; returns the thread Var.
Halide::Var tileAll(Halide::Func f, int threads) {
  std::vector<Halide::Var> v = f.args();
  Halide::Var fused = v[0], block("block"), thread("thread");
  for (size_t i = 1; i < v.size(); ++i)
    f.fuse(fused, v[i], fused);
  f.compute_root().gpu_tile(fused, block, thread, threads,
                            TailStrategy::GuardWithIf);
  return thread;
}
} // namespace

void scheduleTapConvCUDA(TapConvFuncs &conv, int threads) {
  conv.acc.compute_at(conv.out, tileAll(conv.out, threads));
  tileAll(conv.padded, threads);
}

} // namespace sslc::codegen
