//===- ModelLoader.cpp - models from files or the zoo ---------------------===//
#include "frontends/ModelLoader.h"
#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "frontends/MlirText.h"
#include "frontends/OnnxImporter.h"
#include "runtime/FileUtil.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/FileSystem.h"

using namespace mlir;

namespace sslc {

void registerModelDialects(DialectRegistry &registry) {
  registry.insert<ssl::SSLDialect, func::FuncDialect,
                  ml_program::MLProgramDialect>();
}

OwningOpRef<ModuleOp> parseModelText(MLIRContext *ctx, llvm::StringRef text,
                                     llvm::StringRef name) {
  if (failed(checkMlirNesting(ctx, text, name)))
    return nullptr;
  ParserConfig config(ctx);
  return parseSourceString<ModuleOp>(text, config, name);
}

OwningOpRef<ModuleOp> loadModel(MLIRContext *ctx, const std::string &spec,
                                const ZooOptions &zoo) {
  llvm::StringRef ref(spec);
  if (ref.ends_with(".mlir")) {
    if (!llvm::sys::fs::exists(spec)) {
      emitError(UnknownLoc::get(ctx)) << spec << ": no such file";
      return nullptr;
    }
    std::string text, error;
    if (!readFileBytes(spec, text, error)) {
      emitError(UnknownLoc::get(ctx)) << error;
      return nullptr;
    }
    return parseModelText(ctx, text, spec);
  }
  if (ref.ends_with(".onnx")) {
    OnnxImportOptions onnx;
    onnx.batch = zoo.batch;
    return importOnnxFile(ctx, spec, onnx);
  }
  if (ref.contains('/') || ref.contains('.')) {
    emitError(UnknownLoc::get(ctx))
        << spec << ": unsupported model file (expected a .mlir or .onnx "
        << "file or a zoo model name)";
    return nullptr;
  }
  OwningOpRef<ModuleOp> module = buildZooModel(ctx, spec, zoo);
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace sslc
