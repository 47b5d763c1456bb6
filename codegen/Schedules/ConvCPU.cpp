//===- ConvCPU.cpp - register-blocked direct convolution on x86 -----------===//
//
// One block of `channelBlock` output channels × `rowBlock` output pixels of
// one row is accumulated in vector registers while the reduction over
// (kx, ky, c) runs outside it: per tap, two weight vectors are loaded and
// each input pixel is broadcast once against them. Rows (and groups and
// images) run in parallel.
//
//===----------------------------------------------------------------------===//
#include "codegen/Schedules/ConvSchedules.h"
#include "codegen/Target.h"

namespace sslc::codegen {

int convRowBlock(int outWidth, int maxBlock) {
  if (outWidth <= maxBlock)
    return outWidth;
  // Fewest wasted pixels in the last block; prefer the larger block on ties.
  int best = maxBlock, bestWaste = 1 << 30;
  for (int b = maxBlock; b >= std::max(1, maxBlock / 2); --b) {
    int waste = (outWidth + b - 1) / b * b - outWidth;
    if (waste < bestWaste) {
      best = b;
      bestWaste = waste;
    }
  }
  return best;
}

void scheduleConvCPU(ConvFuncs &conv, const Halide::Target &target) {
  using Halide::TailStrategy;
  const int lanes = f32VectorLanes(target);
  const int vectorsPerBlock = conv.channelBlock / lanes;
  // Accumulators get the register file minus the weight vectors and the
  // broadcast: 32 registers with AVX-512, 16 with AVX2.
  const int registers = lanes >= 16 ? 32 : 16;
  // LLVM keeps the broadcasts of a row segment live across the unrolled
  // kernel columns (rowBlock + KW - 1 of them), so they count too.
  const int kw = conv.geo.KW;
  const int maxRow = std::max(
      1, (registers - vectorsPerBlock - kw + 1) / (vectorsPerBlock + 1));
  const int rowBlock = convRowBlock(conv.geo.OW(), maxRow);

  std::vector<Halide::Var> a = conv.out.args();
  Halide::Var oi = a[0], x = a[1], y = a[2], ob = a[3], g = a[4], n = a[5];
  Halide::Var xo("xo"), xi("xi"), ovec("ovec"), olane("olane"), task("task");

  // Block-major: a block's weights stay in cache across all of its rows.
  conv.out.compute_root()
      .bound(oi, 0, conv.channelBlock)
      .split(x, xo, xi, rowBlock, TailStrategy::RoundUp)
      .reorder(oi, xi, xo, y, ob, g, n)
      .vectorize(oi, lanes)
      .unroll(xi)
      .fuse(y, ob, task)
      .fuse(task, g, task)
      .fuse(task, n, task)
      .parallel(task);

  conv.acc.compute_at(conv.out, xo)
      .split(oi, ovec, olane, lanes)
      .vectorize(olane)
      .unroll(ovec)
      .unroll(x);
  conv.acc.update()
      .split(oi, ovec, olane, lanes)
      .reorder(olane, ovec, x, conv.r.x, conv.r.y, conv.r.z, y, ob, g, n)
      .vectorize(olane)
      .unroll(ovec)
      .unroll(x);

  std::vector<Halide::Var> s = conv.staged.args();
  conv.staged.compute_root()
      .reorder(s[0], s[1], s[2], s[3])
      .fuse(s[2], s[3], s[2])
      .parallel(s[2])
      .vectorize(s[0], lanes, TailStrategy::GuardWithIf);
}

} // namespace sslc::codegen
