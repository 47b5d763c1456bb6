//===- Zoo.h - named reference networks -------------------------*- C++ -*-===//
#ifndef SSLC_FRONTENDS_ZOO_H
#define SSLC_FRONTENDS_ZOO_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>
#include <vector>

namespace sslc {

struct ZooOptions {
  int64_t batch = 1;
  /// Per-sample input shape; empty picks the model's default.
  std::vector<int64_t> sampleShape;
  uint64_t seed = 1;
};

/// Names `buildZooModel` accepts.
std::vector<std::string> zooModelNames();

/// Builds the named model, or emits an error listing the known names.
mlir::OwningOpRef<mlir::ModuleOp> buildZooModel(mlir::MLIRContext *ctx,
                                                const std::string &name,
                                                const ZooOptions &options);

} // namespace sslc

#endif
