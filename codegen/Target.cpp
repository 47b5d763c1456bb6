//===- Target.cpp - target selection --------------------------------------===//
#include "codegen/Target.h"

namespace sslc::codegen {

std::optional<Halide::Target> parseTarget(const std::string &name,
                                          std::string &error) {
  if (!Halide::Target::validate_target_string(name)) {
    error = "unknown target '" + name +
            "' (expected host, host-cuda, host-cuda-cuda_capability_NN or a "
            "Halide target string)";
    return std::nullopt;
  }
  Halide::Target target(name);
  // Generated code must not depend on the compiler's own symbols.
  return target.without_feature(Halide::Target::JIT);
}

bool usesCuda(const Halide::Target &target) {
  return target.has_feature(Halide::Target::CUDA);
}

int f32VectorLanes(const Halide::Target &target) {
  return target.natural_vector_size<float>();
}

} // namespace sslc::codegen
