//===- ConvSchedules.h - convolution schedules ------------------*- C++ -*-===//
#ifndef SSLC_CODEGEN_SCHEDULES_CONVSCHEDULES_H
#define SSLC_CODEGEN_SCHEDULES_CONVSCHEDULES_H

#include "codegen/Ops/ConvAlgorithm.h"

namespace sslc::codegen {

/// Register-blocked direct convolution for x86 (AVX2 / AVX-512).
void scheduleConvCPU(ConvFuncs &conv, const Halide::Target &target);

/// Whether scheduleConvCPU stores `conv.out` with the output channels
/// innermost (its channel-block schedule) rather than the pixels.
bool convStoresChannelsInnermost(const ConvFuncs &conv,
                                 const Halide::Target &target);

/// Output pixels per register block for a row of `outWidth` pixels when at
/// most `maxBlock` fit.
int convRowBlock(int outWidth, int maxBlock);

} // namespace sslc::codegen

#endif
