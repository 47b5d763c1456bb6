//===- SSLTrainingOps.h - ssl loss, regularizer, optimizer ops -*- C++ -*-===//
#ifndef SSLC_COMPILER_DIALECT_SSL_IR_SSLTRAININGOPS_H
#define SSLC_COMPILER_DIALECT_SSL_IR_SSLTRAININGOPS_H

#include "compiler/Dialect/SSL/IR/SSLAttrs.h"
#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h.inc"

#endif
