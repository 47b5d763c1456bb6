//===- MlirText.h - checks on MLIR text before it is parsed -----*- C++ -*-===//
#ifndef SSLC_FRONTENDS_MLIRTEXT_H
#define SSLC_FRONTENDS_MLIRTEXT_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

namespace sslc {

/// The deepest nesting MLIR text may have. MLIR's parser recurses once per
/// bracket ( [ { < and, in an affine map or integer set, once per + or -
/// of a chain such as `d0 + d0 + ...` or `- - d0`; it overflows the stack
/// on a few ten thousand levels. Real models nest fewer than 20.
constexpr unsigned kMaxMlirNesting = 256;

/// Fails, with an error at the bracket or operator that goes one level too
/// deep ("`name`:LINE:COL: nested N levels deep, more than the limit of
/// 256 ..."), when `text` nests deeper than kMaxMlirNesting. One linear
/// pass that skips string literals and `//` comments and, like MLIR's
/// lexer, reads `->` as an arrow, not a bracket.
mlir::LogicalResult checkMlirNesting(mlir::MLIRContext *ctx,
                                     llvm::StringRef text,
                                     llvm::StringRef name);

} // namespace sslc

#endif
