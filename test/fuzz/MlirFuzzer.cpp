//===- MlirFuzzer.cpp - MLIR text into the model loader -------------------===//
//
// Every input goes through parseModelText, the path `sslc` and the C++ API
// take for a .mlir model (nesting pre-scan, parser, verifier, type sizes),
// and what loads is printed again as `sslc compile --emit mlir` would. The
// diagnostics are swallowed.
//
//===----------------------------------------------------------------------===//
#include "test/fuzz/FuzzContext.h"

#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sslc::fuzz::FuzzContext fuzz;
  // A copy: the input is not NUL-terminated, a std::string is.
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      sslc::parseModelText(&fuzz.ctx, text, "fuzz.mlir");
  if (module)
    module->print(llvm::nulls());
  return 0;
}
