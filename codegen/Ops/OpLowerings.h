//===- OpLowerings.h - per-op-family Halide algorithms ----------*- C++ -*-===//
#ifndef SSLC_CODEGEN_OPS_OPLOWERINGS_H
#define SSLC_CODEGEN_OPS_OPLOWERINGS_H

#include "codegen/Lowering.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"

namespace sslc::codegen {

mlir::LogicalResult lowerDense(ssl::DenseOp op, LoweringContext &ctx);
mlir::LogicalResult lowerRelu(ssl::ReluOp op, LoweringContext &ctx);

/// A parameter used as an operand must be constant at compile time (it is
/// baked into the code). Returns its buffer, or emits an error at `user`.
mlir::FailureOr<Halide::Buffer<float>> constantOperand(mlir::Operation *user,
                                                       mlir::Value v,
                                                       llvm::StringRef what);

} // namespace sslc::codegen

#endif
