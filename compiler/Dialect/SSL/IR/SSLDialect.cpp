//===- SSLDialect.cpp - the ssl dialect registration ---------------------===//
#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"

using namespace mlir;
using namespace sslc::ssl;

#include "compiler/Dialect/SSL/IR/SSLDialect.cpp.inc"

void SSLDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "compiler/Dialect/SSL/IR/SSLOps.cpp.inc"
      >();
}
