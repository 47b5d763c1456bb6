//===- CUDA.cpp - CUDA schedules ------------------------------------------===//
#include "codegen/Schedules/Schedules.h"

namespace sslc::codegen {
namespace {

using Halide::TailStrategy;

/// All pure dimensions fused into one and tiled over blocks of threads;
/// reductions run serially inside a thread.
template <typename StageT>
void tileFlat(StageT stage, std::vector<Halide::Var> vars, int threads) {
  if (vars.empty())
    return; // a scalar stays on the host
  Halide::Var fused = vars[0];
  for (size_t i = 1; i < vars.size(); ++i) {
    Halide::Var next("f" + std::to_string(i));
    stage.fuse(fused, vars[i], next);
    fused = next;
  }
  Halide::Var block("block"), thread("thread");
  stage.gpu_tile(fused, block, thread, threads, TailStrategy::GuardWithIf);
}

/// One thread per output element; the reduction runs in the thread's
/// registers. The padded input is staged once by its own kernel (shared
/// by the parts of a split layer).
void scheduleConvCUDA(ConvFuncs &conv, int threads) {
  std::vector<Halide::Var> a = conv.out.args();
  Halide::Var oi = a[0], x = a[1], y = a[2], ob = a[3], g = a[4], n = a[5];
  Halide::Var bo("bo"), bx("bx"), to("to"), tx("tx"), rest("rest");
  conv.out.compute_root()
      .bound(oi, 0, conv.channelBlock)
      .fuse(y, ob, rest)
      .fuse(rest, g, rest)
      .fuse(rest, n, rest)
      .gpu_tile(oi, x, bo, bx, to, tx, conv.channelBlock, 4,
                TailStrategy::GuardWithIf)
      .gpu_blocks(rest);
  conv.acc.compute_at(conv.out, to);
  if (conv.stagingShared)
    return; // staged with the layer's first part
  std::vector<Halide::Var> s = conv.staged.args();
  conv.staged.compute_root();
  tileFlat<Halide::Func &>(conv.staged, s, threads);
  if (conv.stagingSource.defined()) {
    std::vector<Halide::Var> p = conv.stagingSource.args();
    conv.stagingSource.compute_root();
    tileFlat<Halide::Func &>(conv.stagingSource, p, threads);
  }
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
    case StageKind::Conv:
      scheduleConvCUDA(*stage.conv, kThreads);
      break;
    case StageKind::Materialize:
    case StageKind::Reduction: {
      Halide::Func f = stage.func;
      f.compute_root();
      tileFlat<Halide::Func &>(f, f.args(), kThreads);
      break;
    }
    case StageKind::ConvGradWeight:
      scheduleConvGradWeightCUDA(*stage.convGradWeight, kThreads);
      break;
    case StageKind::TapConv:
      scheduleTapConvCUDA(*stage.tapConv, kThreads);
      break;
    case StageKind::Elementwise:
      break;
    }
  }
  for (Halide::Func &out : net.outputs)
    if (out.dimensions() > 0) // a scalar loss stays on the host
      tileFlat<Halide::Func &>(out, out.args(), kThreads);
  for (Intermediate &i : net.intermediates)
    if (!i.scheduled && i.producer.dimensions() > 0)
      tileFlat<Halide::Func &>(i.producer, i.producer.args(), kThreads);
}

} // namespace sslc::codegen
