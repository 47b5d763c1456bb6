//===- ModelLoader.h - models from files or the zoo -------------*- C++ -*-===//
#ifndef SSLC_FRONTENDS_MODELLOADER_H
#define SSLC_FRONTENDS_MODELLOADER_H

#include "frontends/Zoo.h"

namespace sslc {

/// Registers every dialect a model file may use.
void registerModelDialects(mlir::DialectRegistry &registry);

/// Parses the MLIR text of a model file named `name` and verifies it:
/// text nested deeper than kMaxMlirNesting is refused before the parser
/// sees it, a function declared without a body and a type whose values
/// would take more than maxTensorBytes() are errors at their op. Errors
/// are diagnostics at `name`:LINE:COL. `text` is a std::string because
/// MLIR's lexer reads up to the NUL after the last byte; a bare buffer
/// would be read one past its end.
mlir::OwningOpRef<mlir::ModuleOp> parseModelText(mlir::MLIRContext *ctx,
                                                 const std::string &text,
                                                 llvm::StringRef name);

/// `spec` is a path ending in .mlir or .onnx, or a zoo name; `zoo.batch`
/// also sets a symbolic ONNX batch. A .mlir file is read within
/// maxTensorBytes() and goes through parseModelText. Errors are diagnostics
/// naming the file (with line and column for .mlir parse errors).
mlir::OwningOpRef<mlir::ModuleOp> loadModel(mlir::MLIRContext *ctx,
                                            const std::string &spec,
                                            const ZooOptions &zoo);

} // namespace sslc

#endif
