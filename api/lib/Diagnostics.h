//===- Diagnostics.h - diagnostics as sslc prints them ----------*- C++ -*-===//
//
// One line per diagnostic, the place first: "model.mlir:12:5: error: ..."
// followed by the source line and a caret for a position in a text file,
// "model.onnx: node 'conv1' (Conv): error: ..." for an op imported from a
// node. An error without a place is its message alone, which then starts
// with the file or option it is about; the command line prints it after
// "sslc: error: ".
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_API_LIB_DIAGNOSTICS_H
#define SSLC_API_LIB_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>

namespace sslc::api {

/// The place a location names, as printed before "error:" ("" if none).
std::string describeLocation(mlir::Location loc);

/// Formats the diagnostics of one context. Constructing it registers MLIR's
/// source-line printer on the context; a handler registered afterwards
/// takes precedence and calls format().
class DiagnosticFormatter {
public:
  explicit DiagnosticFormatter(mlir::MLIRContext *ctx);
  ~DiagnosticFormatter();

  /// The diagnostic and its notes, without a trailing newline.
  std::string format(mlir::Diagnostic &d);

private:
  class SourcePrinter;
  llvm::SourceMgr sourceMgr;
  std::string buffer;
  std::unique_ptr<llvm::raw_string_ostream> stream;
  std::unique_ptr<SourcePrinter> sourcePrinter;
};

} // namespace sslc::api

#endif
