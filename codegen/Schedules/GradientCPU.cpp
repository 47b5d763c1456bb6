//===- GradientCPU.cpp - convolution weight gradient on x86 ---------------===//
//
// For one kernel row and one input channel, a block of output channels ×
// the kernel width of accumulators stays in vector registers while the
// reduction over (n, i, j) runs inside it: per term, the block's gradient
// vectors are loaded once and each of the kernel-width input values is
// broadcast against them. Kernel rows and channels run in parallel.
//
//===----------------------------------------------------------------------===//
#include "codegen/Schedules/GradientSchedules.h"
#include "codegen/Schedules/RowVectors.h"
#include "codegen/Target.h"

namespace sslc::codegen {

void scheduleConvGradWeightCPU(ConvGradWeightFuncs &f,
                               const Halide::Target &target) {
  using Halide::TailStrategy;
  const ConvGeometry &geo = f.geo;
  const int lanes = f32VectorLanes(target);
  const int registers = lanes >= 16 ? 32 : 16;
  // Vectors per block: as many as the register file holds next to the
  // gradient vectors and one broadcast, at most two (the reduction then has
  // enough independent FMAs to hide their latency).
  const int groupVectors = (geo.Og() + lanes - 1) / lanes;
  int vectors = std::min(2, groupVectors);
  while (vectors > 1 && vectors * geo.KW + vectors + 1 > registers)
    --vectors;
  const int block = vectors * lanes;
  const int blocks = (geo.Og() + block - 1) / block;
  // A kernel row wider than the register file is unrolled in pieces (the
  // last piece shifted inwards, so every piece has the same extent).
  const int kxBlock =
      std::max(1, std::min(geo.KW, (registers - vectors - 1) / vectors));

  std::vector<Halide::Var> a = f.out.args();
  Halide::Var ol = a[0], kx = a[1], ky = a[2], c = a[3], g = a[4];
  Halide::Var ob("ob"), oi("oi"), kxo("kxo"), kxi("kxi"), task("task");
  f.out.compute_root()
      .bound(ol, 0, blocks * block)
      .split(ol, ob, oi, block)
      .split(kx, kxo, kxi, kxBlock, TailStrategy::ShiftInwards)
      .reorder(oi, kxi, kxo, ob, ky, c, g)
      .vectorize(oi, lanes)
      .fuse(ky, c, task)
      .fuse(task, g, task);
  if (worthParallelizing(2.0 * geo.O * geo.Cg() * geo.KH * geo.KW * geo.N *
                         geo.OH() * geo.OW()))
    f.out.parallel(task);

  std::vector<Halide::Var> av = f.acc.args();
  Halide::Var ovec("ovec"), olane("olane");
  f.acc.compute_at(f.out, kxo)
      .split(av[0], ovec, olane, lanes)
      .vectorize(olane)
      .unroll(ovec);
  f.acc.update()
      .split(av[0], ovec, olane, lanes)
      .reorder(olane, ovec, av[1], f.r.x, f.r.y, f.r.z, av[2], av[3], av[4])
      .vectorize(olane)
      .unroll(ovec)
      .unroll(av[1]);

  std::vector<Halide::Var> t = f.gradT.args();
  f.gradT.compute_root()
      .bound(t[0], 0, blocks * block)
      .vectorize(t[0], lanes)
      .parallel(t[4]);
  std::vector<Halide::Var> p = f.padded.args();
  f.padded.compute_root().parallel(p[3]);
  vectorizeStagingRows(f.padded, p[0], geo.windowRow(), geo.padded(), lanes);
}

} // namespace sslc::codegen
