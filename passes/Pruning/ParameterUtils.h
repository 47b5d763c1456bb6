//===- ParameterUtils.h - reading and rewriting parameters ------*- C++ -*-===//
//
// Structure removal edits parameter values and shapes. Parameters are
// `ml_program.global` symbols; these helpers read them through their loads
// and write them back, keeping every load's result type in step.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_PRUNING_PARAMETERUTILS_H
#define SSLC_PASSES_PRUNING_PARAMETERUTILS_H

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Builders.h"

#include <vector>

namespace sslc {

struct Parameter {
  mlir::ml_program::GlobalOp global;
  std::vector<int64_t> shape;
  std::vector<float> values;

  int64_t size() const { return static_cast<int64_t>(values.size()); }
};

/// The parameter loaded by the op defining `v`, if `v` is a load of a global
/// with a constant f32 value.
mlir::FailureOr<Parameter> readParameter(mlir::Value v);

/// Whether `v` is a parameter that only `user` reads: rewriting it then
/// changes nothing else. Shared parameters are left alone by the passes.
bool isPrivateParameterOf(mlir::Value v, mlir::Operation *user);

/// Replaces the value (and so the type) of `p.global` with `shape` and
/// `values`, and retypes every load of it.
void writeParameter(Parameter &p, std::vector<int64_t> shape,
                    std::vector<float> values);

/// The layer a parameter belongs to: its name without ".weight"
/// ("conv1.weight" -> "conv1"); other names are returned unchanged.
std::string layerNameOf(const Parameter &p);

/// Creates a new private parameter global named after `base` (made unique)
/// and a load of it right before `user`; returns the loaded value.
mlir::Value createParameter(mlir::Operation *user, llvm::StringRef base,
                            std::vector<int64_t> shape,
                            std::vector<float> values);

} // namespace sslc

#endif
