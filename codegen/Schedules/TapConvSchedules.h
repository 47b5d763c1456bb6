//===- TapConvSchedules.h - per-filter tap reduction schedules -*- C++ -*-===//
#ifndef SSLC_CODEGEN_SCHEDULES_TAPCONVSCHEDULES_H
#define SSLC_CODEGEN_SCHEDULES_TAPCONVSCHEDULES_H

#include "codegen/Ops/TapGather.h"

namespace sslc::codegen {

/// x86: a row of one filter's accumulators, vectorized along the row,
/// sweeps the taps of its group; filters and images run in parallel.
void scheduleTapConvCPU(TapConvFuncs &conv, const Halide::Target &target);

/// CUDA: one thread per output element, the taps in its registers.
void scheduleTapConvCUDA(TapConvFuncs &conv, int threads);

} // namespace sslc::codegen

#endif
