//===- ModelLoader.h - models from files or the zoo -------------*- C++ -*-===//
#ifndef SSLC_FRONTENDS_MODELLOADER_H
#define SSLC_FRONTENDS_MODELLOADER_H

#include "frontends/Zoo.h"

namespace sslc {

/// Registers every dialect a model file may use.
void registerModelDialects(mlir::DialectRegistry &registry);

/// `spec` is a path ending in .mlir or .onnx, or a zoo name; `zoo.batch`
/// also sets a symbolic ONNX batch. Errors are diagnostics naming the file
/// (with line and column for .mlir parse errors).
mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext *ctx,
                                            const std::string &spec,
                                            const ZooOptions &zoo);

} // namespace sslc

#endif
