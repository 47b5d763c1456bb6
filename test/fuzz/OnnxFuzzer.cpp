//===- OnnxFuzzer.cpp - ONNX bytes into the importer ----------------------===//
//
// Every input is imported or rejected with a diagnostic; the diagnostics
// are swallowed.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporter.h"
#include "test/fuzz/FuzzContext.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  sslc::fuzz::FuzzContext fuzz;
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  (void)sslc::importOnnxModel(&fuzz.ctx, bytes, "fuzz.onnx",
                              sslc::OnnxImportOptions());
  return 0;
}
