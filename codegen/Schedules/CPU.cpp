//===- CPU.cpp - x86 schedules (AVX2 / AVX-512) ---------------------------===//
#include "codegen/Schedules/Schedules.h"
#include "codegen/Target.h"

namespace sslc::codegen {
namespace {

using Halide::TailStrategy;

/// Dense: outputs vectorized over the output feature (weights are packed
/// feature-innermost), the reduction outside the vector, rows in parallel.
void scheduleDense(Halide::Func f, int lanes) {
  std::vector<Halide::Var> args = f.args();
  Halide::Var m = args[0], n = args[1], mo("mo"), mi("mi");
  f.compute_root()
      .split(m, mo, mi, lanes, TailStrategy::GuardWithIf)
      .vectorize(mi)
      .parallel(n);
  Halide::RVar k(f.update().get_schedule().rvars()[0].var);
  f.update()
      .split(m, mo, mi, lanes, TailStrategy::GuardWithIf)
      .reorder(mi, Halide::VarOrRVar(k), mo, n)
      .vectorize(mi)
      .parallel(n);
}

/// A tensor computed into its own buffer: innermost dimension vectorized,
/// outermost parallel when the tensor is large enough to pay for it.
void scheduleMaterialized(Halide::Func f, const std::vector<int64_t> &shape,
                          int lanes) {
  std::vector<Halide::Var> v = f.args();
  f.compute_root();
  if (v.empty())
    return; // a scalar (a loss term)
  f.vectorize(v[0], lanes, TailStrategy::GuardWithIf);
  double elements = 1;
  for (int64_t d : shape)
    elements *= static_cast<double>(d);
  if (v.size() > 1 && worthParallelizing(elements * 8))
    f.parallel(v.back());
}

void scheduleOutput(Halide::Func out, int lanes) {
  std::vector<Halide::Var> v = out.args();
  if (v.empty())
    return; // a scalar (a train step's loss)
  out.vectorize(v[0], lanes, TailStrategy::GuardWithIf);
  if (v.size() > 1)
    out.parallel(v.back());
}

} // namespace

void scheduleForCPU(LoweredNetwork &net, const Halide::Target &target) {
  int lanes = f32VectorLanes(target);
  for (Stage &stage : net.stages) {
    switch (stage.kind) {
    case StageKind::Dense:
      scheduleDense(stage.func, lanes);
      break;
    case StageKind::Conv:
      scheduleConvCPU(*stage.conv, target);
      break;
    case StageKind::Materialize:
      scheduleMaterialized(stage.func, stage.shape, lanes);
      break;
    case StageKind::Reduction:
      stage.func.compute_root();
      break;
    case StageKind::ConvGradWeight:
      scheduleConvGradWeightCPU(*stage.convGradWeight, target);
      break;
    case StageKind::Elementwise:
      break; // inlined into its consumer
    }
  }
  for (Halide::Func &out : net.outputs)
    scheduleOutput(out, lanes);
  for (Intermediate &i : net.intermediates)
    if (!i.scheduled)
      scheduleOutput(i.producer, lanes);
}

void applySchedule(LoweredNetwork &net, const Halide::Target &target) {
  if (usesCuda(target))
    scheduleForCUDA(net, target);
  else
    scheduleForCPU(net, target);
}

} // namespace sslc::codegen
