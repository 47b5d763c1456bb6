//===- SSLDialect.cpp - the ssl dialect registration ---------------------===//
#include "compiler/Dialect/SSL/IR/SSLDialect.h"

using namespace mlir;
using namespace sslc::ssl;

#include "compiler/Dialect/SSL/IR/SSLDialect.cpp.inc"

void SSLDialect::initialize() {
  registerAttributes();
  registerNetworkOps();
  registerTrainingOps();
  registerGradientOps();
}
