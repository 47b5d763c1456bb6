//===- SSLAttrs.h - ssl attributes (group kinds) ----------------*- C++ -*-===//
#ifndef SSLC_COMPILER_DIALECT_SSL_IR_SSLATTRS_H
#define SSLC_COMPILER_DIALECT_SSL_IR_SSLATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

#include <optional>

#include "compiler/Dialect/SSL/IR/SSLEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "compiler/Dialect/SSL/IR/SSLAttrs.h.inc"

namespace sslc::ssl {

/// The weight rank a group kind applies to: 4 for the convolution kinds
/// (OIHW), 2 for the dense kinds ([N, K]), none for depth (any rank).
std::optional<int64_t> getGroupKindRank(GroupKind kind);

} // namespace sslc::ssl

#endif
