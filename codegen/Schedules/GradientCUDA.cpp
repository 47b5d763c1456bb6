//===- GradientCUDA.cpp - convolution weight gradient on CUDA -------------===//
#include "codegen/Schedules/GradientSchedules.h"

namespace sslc::codegen {

void scheduleConvGradWeightCUDA(ConvGradWeightFuncs &f, int threads) {
  using Halide::TailStrategy;
  std::vector<Halide::Var> a = f.out.args();
  Halide::Var fused("fused"), block("block"), thread("thread");
  f.out.compute_root()
      .bound(a[0], 0, f.geo.Og())
      .fuse(a[0], a[1], fused)
      .fuse(fused, a[2], fused)
      .fuse(fused, a[3], fused)
      .fuse(fused, a[4], fused)
      .gpu_tile(fused, block, thread, threads, TailStrategy::GuardWithIf);
  f.acc.compute_at(f.out, thread);
  for (Halide::Func stage : {f.gradT, f.padded}) {
    std::vector<Halide::Var> v = stage.args();
    Halide::Var flat = v[0];
    for (size_t i = 1; i < v.size(); ++i) {
      Halide::Var next("f" + std::to_string(i));
      stage.fuse(flat, v[i], next);
      flat = next;
    }
    stage.compute_root().gpu_tile(flat, block, thread, threads,
                                  TailStrategy::GuardWithIf);
  }
}

} // namespace sslc::codegen
