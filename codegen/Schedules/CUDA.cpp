//===- CUDA.cpp - CUDA schedules ------------------------------------------===//
#include "codegen/Schedules/Schedules.h"

namespace sslc::codegen {
namespace {

using Halide::TailStrategy;

/// All pure dimensions fused into one and tiled over blocks of threads;
/// reductions run serially inside a thread.
template <typename StageT>
void tileFlat(StageT stage, std::vector<Halide::Var> vars, int threads) {
  Halide::Var fused = vars[0];
  for (size_t i = 1; i < vars.size(); ++i) {
    Halide::Var next("f" + std::to_string(i));
    stage.fuse(fused, vars[i], next);
    fused = next;
  }
  Halide::Var block("block"), thread("thread");
  stage.gpu_tile(fused, block, thread, threads, TailStrategy::GuardWithIf);
}

} // namespace

void scheduleForCUDA(LoweredNetwork &net, const Halide::Target &) {
  constexpr int kThreads = 128;
  for (Stage &stage : net.stages) {
    switch (stage.kind) {
    case StageKind::Dense: {
      Halide::Func f = stage.func;
      f.compute_root();
      tileFlat<Halide::Func &>(f, f.args(), kThreads);
      Halide::Stage update = f.update();
      tileFlat<Halide::Stage &>(update, f.args(), kThreads);
      break;
    }
    case StageKind::Elementwise:
      break;
    }
  }
  for (Halide::Func &out : net.outputs)
    tileFlat<Halide::Func &>(out, out.args(), kThreads);
}

} // namespace sslc::codegen
