//===- OnnxImporter.h - ONNX models as Model IR -----------------*- C++ -*-===//
//
// Reads an ONNX ModelProto (opsets 11 to 17) and rebuilds the network with
// the NetworkBuilder: initializers become parameters under their ONNX names
// (a PyTorch export's state_dict names), nodes become ssl ops. The header
// keeps protobuf and ONNX out of its users' include paths.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_FRONTENDS_ONNXIMPORTER_H
#define SSLC_FRONTENDS_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <string>

namespace sslc {

struct OnnxImportOptions {
  /// Batch size used when the model input's first dimension is symbolic.
  int64_t batch = 1;
};

/// Imports the model in `path`. Every error is a diagnostic whose message
/// starts with `path` and, for a node, names the node and its op type.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxFile(mlir::MLIRContext *ctx, const std::string &path,
               const OnnxImportOptions &options);

/// Imports a serialized ModelProto; `source` names it in messages.
mlir::OwningOpRef<mlir::ModuleOp>
importOnnxModel(mlir::MLIRContext *ctx, llvm::StringRef bytes,
                const std::string &source, const OnnxImportOptions &options);

} // namespace sslc

#endif
