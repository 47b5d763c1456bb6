//===- ssl-opt.cpp - mlir-opt with the ssl dialect and passes ------------===//
#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "passes/Pipelines/Pipelines.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<sslc::ssl::SSLDialect, mlir::func::FuncDialect,
                  mlir::ml_program::MLProgramDialect>();
  mlir::registerTransformsPasses();
  sslc::registerSSLPasses();
  sslc::registerPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "sslc optimizer driver\n", registry));
}
