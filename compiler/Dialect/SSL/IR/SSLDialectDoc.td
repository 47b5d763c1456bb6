//===- SSLDialectDoc.td - input of the dialect reference -----*- tablegen -*-===//
//
// Includes every ssl .td so that `mlir-tblgen -gen-dialect-doc` sees the
// whole dialect at once; only the sslc-dialect-doc target reads it.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_DIALECT_DOC_TD
#define SSL_DIALECT_DOC_TD

include "compiler/Dialect/SSL/IR/SSLAttrs.td"
include "compiler/Dialect/SSL/IR/SSLOps.td"
include "compiler/Dialect/SSL/IR/SSLTrainingOps.td"
include "compiler/Dialect/SSL/IR/SSLGradientOps.td"

#endif // SSL_DIALECT_DOC_TD
