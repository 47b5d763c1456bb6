//===- CostTest.cpp - FLOPs and parameters after structure removal --------===//
//
// countFlops counts what the pruned network computes: for a grouped
// convolution with dead taps in one group and a zero filter it must keep
// (the network's result), each computed filter's own group's taps, and
// nothing for the constant channel.
//
//===----------------------------------------------------------------------===//
#include "passes/Analysis/Cost.h"
#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <sstream>

namespace {

/// A [4, 2, 3, 3] weight in 2 groups: group 0 reads input channels 0-1,
/// channel 1 all zero (9 live taps); group 1 reads channels 2-3, channel 3
/// zero but its centre (10 live taps); filter 3 all zero.
std::string groupedConv() {
  std::ostringstream w;
  w.setf(std::ios::fixed);
  w.precision(2);
  w << "[";
  for (int o = 0; o < 4; ++o) {
    w << (o ? ", " : "") << "[";
    for (int c = 0; c < 2; ++c) {
      w << (c ? ", " : "") << "[";
      for (int k = 0; k < 9; ++k) {
        bool live = o != 3 && (c == 0 || (o >= 2 && k == 4));
        w << (k % 3 == 0 ? (k ? "], [" : "[") : ", ")
          << (live ? 1.0 + o + 0.1 * k : 0.0);
      }
      w << "]]";
    }
    w << "]";
  }
  w << "]";
  return "ml_program.global private mutable @g.weight(dense<" + w.str() +
         "> : tensor<4x2x3x3xf32>) : tensor<4x2x3x3xf32>\n"
         "func.func @main(%x: tensor<1x4x5x5xf32>) -> tensor<1x4x5x5xf32> {\n"
         "  %w = ml_program.global_load @g.weight : tensor<4x2x3x3xf32>\n"
         "  %y = ssl.conv2d %x, %w {groups = 2 : i64, pads = array<i64: 1, "
         "1, 1, 1>} : (tensor<1x4x5x5xf32>, tensor<4x2x3x3xf32>) -> "
         "tensor<1x4x5x5xf32>\n"
         "  return %y : tensor<1x4x5x5xf32>\n"
         "}\n";
}

TEST(Cost, ShapePrunedGroupedConvCountsEachFiltersGroupTaps) {
  mlir::MLIRContext ctx;
  ctx.loadDialect<sslc::ssl::SSLDialect, mlir::func::FuncDialect,
                  mlir::ml_program::MLProgramDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> m =
      mlir::parseSourceString<mlir::ModuleOp>(groupedConv(), &ctx);
  ASSERT_TRUE(m);
  // Dense: 4 filters of 2 channels x 9 taps at 25 pixels.
  EXPECT_EQ(sslc::countFlops(*m), 2.0 * 25 * 4 * 18);
  EXPECT_EQ(sslc::countParameters(*m), 4 * 2 * 9);

  mlir::PassManager pm(&ctx);
  sslc::buildPruningPipeline(pm, {});
  ASSERT_TRUE(mlir::succeeded(pm.run(*m)));
  int shapePruned = 0;
  m->walk([&](sslc::ssl::ShapePrunedConv2dOp op) {
    ++shapePruned;
    EXPECT_EQ(op.getGroups(), 2u);
  });
  ASSERT_EQ(shapePruned, 1);
  // Filters 0 and 1 multiply group 0's 9 taps, filter 2 group 1's 10;
  // filter 3 is a constant channel.
  EXPECT_EQ(sslc::countFlops(*m), 2.0 * 25 * (9 + 9 + 10));
}

} // namespace
