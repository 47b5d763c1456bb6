//===- Weights.h - parameters to and from safetensors -----------*- C++ -*-===//
#ifndef SSLC_FRONTENDS_WEIGHTS_H
#define SSLC_FRONTENDS_WEIGHTS_H

#include "runtime/Safetensors.h"

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace sslc {

/// Replaces the value of every parameter named in `file`. A name with no
/// parameter, or a shape that differs, is an error naming the parameter, and
/// so is an I64 tensor under a parameter's name (integer tensors under other
/// names, such as PyTorch's `num_batches_tracked`, are ignored); on error the
/// module is unchanged.
bool applyWeights(mlir::ModuleOp module, const TensorFile &file,
                  const std::string &fileName, std::string &error);

/// Every parameter of `module` with its current value.
TensorFile collectWeights(mlir::ModuleOp module);

} // namespace sslc

#endif
