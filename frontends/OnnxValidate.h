//===- OnnxValidate.h - ONNX graph checks before import ---------*- C++ -*-===//
//
// The structural rules of onnx.checker that the importer relies on, checked
// once before any node is imported: every value is assigned once (no node
// output redefines a graph input, an initializer or another node's output),
// every node input is defined before the node that reads it, names are
// unique, sizes stay within limits, and window attributes (pads, strides,
// dilations, kernel_shape) hold values that size arithmetic cannot
// overflow.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_FRONTENDS_ONNXVALIDATE_H
#define SSLC_FRONTENDS_ONNXVALIDATE_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace sslc {

/// The most nodes, initializers or graph inputs/outputs a graph may have.
constexpr int kMaxOnnxGraphEntries = 1 << 20;

/// The largest value a window attribute may hold: far above any real
/// kernel, stride, dilation or padding, far below int64 overflow.
constexpr int64_t kMaxOnnxWindowValue = int64_t(1) << 31;

/// Emits one error "<source>: ..." (naming the node as the importer does:
/// "node 'n' (Relu): ...") and fails at the first rule `model`'s graph
/// breaks.
mlir::LogicalResult validateOnnxGraph(mlir::MLIRContext *ctx,
                                      const onnx::ModelProto &model,
                                      const std::string &source);

} // namespace sslc

#endif
