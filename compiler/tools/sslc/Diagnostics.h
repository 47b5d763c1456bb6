//===- Diagnostics.h - how sslc prints diagnostics --------------*- C++ -*-===//
//
// One line per diagnostic, the place first: "model.mlir:12:5: error: ..."
// with the source line for a position in a text file the driver read,
// "model.onnx: node 'conv1' (Conv): error: ..." for an op imported from a
// node, and "sslc: error: ..." for a diagnostic without a place (whose
// message then starts with the file it is about).
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_COMPILER_TOOLS_SSLC_DIAGNOSTICS_H
#define SSLC_COMPILER_TOOLS_SSLC_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <string>

namespace sslc {

/// The place a location names, as printed before "error:" ("" if none).
std::string describeLocation(mlir::Location loc);

/// Prints every diagnostic of `ctx` to stderr while it lives.
class DiagnosticPrinter {
public:
  explicit DiagnosticPrinter(mlir::MLIRContext *ctx);
  ~DiagnosticPrinter();

  /// MLIR's printer of a position in a source file, with its line and a
  /// caret.
  class SourcePrinter : public mlir::SourceMgrDiagnosticHandler {
  public:
    using SourceMgrDiagnosticHandler::SourceMgrDiagnosticHandler;
    using SourceMgrDiagnosticHandler::emitDiagnostic;
  };

private:
  mlir::LogicalResult print(mlir::Diagnostic &d);

  mlir::MLIRContext *ctx;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<SourcePrinter> sourceHandler;
  mlir::DiagnosticEngine::HandlerID id;
};

} // namespace sslc

#endif
