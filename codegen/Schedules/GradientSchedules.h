//===- GradientSchedules.h - schedules of backward algorithms ---*- C++ -*-===//
#ifndef SSLC_CODEGEN_SCHEDULES_GRADIENTSCHEDULES_H
#define SSLC_CODEGEN_SCHEDULES_GRADIENTSCHEDULES_H

#include "codegen/Ops/GradientAlgorithm.h"

namespace sslc::codegen {

/// Register-blocked convolution weight gradient for x86 (AVX2 / AVX-512).
void scheduleConvGradWeightCPU(ConvGradWeightFuncs &f,
                               const Halide::Target &target);

/// One GPU thread per weight element, the reduction in its registers.
void scheduleConvGradWeightCUDA(ConvGradWeightFuncs &f, int threads);

} // namespace sslc::codegen

#endif
