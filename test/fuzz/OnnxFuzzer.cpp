//===- OnnxFuzzer.cpp - ONNX bytes into the importer ----------------------===//
//
// Every input is imported or rejected with a diagnostic; the diagnostics
// are swallowed.
//
//===----------------------------------------------------------------------===//
#include "frontends/ModelLoader.h"
#include "frontends/OnnxImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry;
    sslc::registerModelDialects(*r);
    return r;
  }();
  // A context per input: a module that failed half-way leaves nothing
  // behind for the next one.
  mlir::MLIRContext ctx(*registry);
  mlir::ScopedDiagnosticHandler quiet(
      &ctx, [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  (void)sslc::importOnnxModel(&ctx, bytes, "fuzz.onnx",
                              sslc::OnnxImportOptions());
  return 0;
}
