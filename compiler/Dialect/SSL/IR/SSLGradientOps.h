//===- SSLGradientOps.h - ssl backward ops ----------------------*- C++ -*-===//
#ifndef SSLC_COMPILER_DIALECT_SSL_IR_SSLGRADIENTOPS_H
#define SSLC_COMPILER_DIALECT_SSL_IR_SSLGRADIENTOPS_H

#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "compiler/Dialect/SSL/IR/SSLGradientOps.h.inc"

#endif
