//===- Autodiff.h - reverse-mode differentiation of ssl networks -*- C++
//-*-===//
//
// One vector-Jacobian product (VJP) rule per forward op, kept in a table
// keyed by op, and the reverse sweep that chains them over a straight-line
// sequence of ops. The train-step pass and the gradient-check tests build
// their backward passes with the same rules.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_TRAINING_AUTODIFF_H
#define SSLC_PASSES_TRAINING_AUTODIFF_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/DenseMap.h"

namespace sslc {

/// Emits at the builder's insertion point the gradients of `op`'s operands
/// from the gradients of its results. `resultGrads[i]` is null when result i
/// receives no gradient; `wanted[j]` says whether operand j needs one. Fills
/// `operandGrads` (one entry per operand, null where not wanted).
using VjpRule = mlir::LogicalResult (*)(
    mlir::OpBuilder &b, mlir::Operation *op, mlir::ValueRange resultGrads,
    llvm::ArrayRef<bool> wanted,
    llvm::SmallVectorImpl<mlir::Value> &operandGrads);

/// The VJP rule of `op`, or null when the op has none (inference-only ops
/// such as ssl.softmax and ssl.batch_norm, or ops of other dialects).
VjpRule lookupVjpRule(mlir::Operation *op);

/// Reverse sweep over `forward` (ops in program order, each using only
/// values defined before it). `seeds` gives the gradients of some values
/// (usually the logits); the gradients of every value in `targets` are
/// returned in order, null for a target the seeds do not reach. Gradients
/// of a value used several times are summed with ssl.add. Only operands
/// that lie on a path from a target to a seeded value get gradients, so no
/// op is emitted for, e.g., the gradient of the network input. Ops without
/// a rule on such a path are reported at the op.
mlir::FailureOr<llvm::SmallVector<mlir::Value>>
buildBackward(mlir::OpBuilder &b, llvm::ArrayRef<mlir::Operation *> forward,
              llvm::ArrayRef<std::pair<mlir::Value, mlir::Value>> seeds,
              llvm::ArrayRef<mlir::Value> targets);

} // namespace sslc

#endif
