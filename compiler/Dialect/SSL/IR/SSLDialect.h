//===- SSLDialect.h - the ssl dialect ---------------------------*- C++ -*-===//
#ifndef SSLC_COMPILER_DIALECT_SSL_IR_SSLDIALECT_H
#define SSLC_COMPILER_DIALECT_SSL_IR_SSLDIALECT_H

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Dialect.h"

#include "compiler/Dialect/SSL/IR/SSLDialect.h.inc"

#endif
