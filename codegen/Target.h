//===- Target.h - target selection and target predicates --------*- C++ -*-===//
//
// Target decisions live here as small named predicates so schedules read as
// "if (usesCuda(t))" rather than feature-flag arithmetic.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_TARGET_H
#define SSLC_CODEGEN_TARGET_H

#include "Halide.h"

#include <optional>
#include <string>

namespace sslc::codegen {

/// Parses "host", "host-cuda[-cuda_capability_NN]" or a Halide target
/// string; std::nullopt with `error` set when it is not a valid target.
std::optional<Halide::Target> parseTarget(const std::string &name,
                                          std::string &error);

bool usesCuda(const Halide::Target &target);

/// Whether a stage of `flops` work gains from being split across threads:
/// below a few MFLOP the cost of handing out tasks exceeds the work.
inline bool worthParallelizing(double flops) { return flops >= 4e6; }

/// f32 lanes of one native vector register (16 on AVX-512, 8 on AVX2).
int f32VectorLanes(const Halide::Target &target);

} // namespace sslc::codegen

#endif
