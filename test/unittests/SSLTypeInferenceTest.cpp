//===- SSLTypeInferenceTest.cpp - window arithmetic and inferred types ----===//
//
// SSLShapes.h against output sizes quoted from the ONNX operator tests and
// worked by hand for the ceil-mode rule, and the result types the ssl
// builders infer when no result type is given.
//
//===----------------------------------------------------------------------===//
#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLShapes.h"
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace mlir;
using namespace sslc;

namespace {

//===----------------------------------------------------------------------===//
// SSLShapes.h
//===----------------------------------------------------------------------===//

TEST(SSLShapesTest, ConvOutputSizes) {
  // ONNX Conv tests, 7x5 input with a 3x3 kernel and stride 2.
  EXPECT_EQ(shapes::convOutputSize(7, 3, 2, 1, 1), 4); // with padding
  EXPECT_EQ(shapes::convOutputSize(5, 3, 2, 1, 1), 3);
  EXPECT_EQ(shapes::convOutputSize(7, 3, 2, 0, 0), 3); // no padding
  EXPECT_EQ(shapes::convOutputSize(5, 3, 2, 0, 0), 2);
  // Asymmetric pads (1, 0, 1, 0): 4 x 2.
  EXPECT_EQ(shapes::convOutputSize(5, 3, 2, 0, 0), 2);
  // Dilation 2 makes a 3-tap kernel span 5.
  EXPECT_EQ(shapes::convOutputSize(7, 3, 1, 0, 0, 2), 3);
  EXPECT_EQ(shapes::dilatedKernel(3, 2), 5);
  // A kernel larger than the padded input gives no output.
  EXPECT_LE(shapes::convOutputSize(4, 3, 1, 0, 0, 2), 0);
}

TEST(SSLShapesTest, PoolOutputSizes) {
  // ONNX maxpool_2d_ceil: 4x4 input, 3x3 kernel, stride 2.
  EXPECT_EQ(shapes::poolOutputSize(4, 3, 2, 0, 0, /*ceilMode=*/false), 1);
  EXPECT_EQ(shapes::poolOutputSize(4, 3, 2, 0, 0, /*ceilMode=*/true), 2);
  // ONNX maxpool_2d_pads and maxpool_2d_strides.
  EXPECT_EQ(shapes::poolOutputSize(5, 5, 1, 2, 2, false), 5);
  EXPECT_EQ(shapes::poolOutputSize(32, 5, 3, 0, 0, false), 10);
  // 32 with a 3x3 window and stride 2 (GoogLeNet/Caffe): 15 vs 16.
  EXPECT_EQ(shapes::poolOutputSize(32, 3, 2, 0, 0, false), 15);
  EXPECT_EQ(shapes::poolOutputSize(32, 3, 2, 0, 0, true), 16);
  // The last window may not start in the end padding: ceil(5/2) + 1 = 4
  // windows would start at -1, 1, 3, 5 and 5 is past the input.
  EXPECT_EQ(shapes::poolOutputSize(5, 2, 2, 1, 1, true), 3);
  // Asymmetric pads: starts -1, 3 and 7 >= 6.
  EXPECT_EQ(shapes::poolOutputSize(6, 3, 4, 1, 2, true), 2);
  // Without padding and stride > kernel, starts 0, 3, 6 >= 5.
  EXPECT_EQ(shapes::poolOutputSize(5, 1, 3, 0, 0, true), 2);
  // A window that ends in the padding but starts inside is kept.
  EXPECT_EQ(shapes::poolOutputSize(6, 3, 2, 1, 1, true), 4);
}

TEST(SSLShapesTest, ConvAndFloorPoolAgree) {
  for (int64_t in = 1; in <= 12; ++in)
    for (int64_t k = 1; k <= in; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        EXPECT_EQ(shapes::poolOutputSize(in, k, s, 0, 0, false),
                  shapes::convOutputSize(in, k, s, 0, 0));
}

TEST(SSLShapesTest, EveryCeilModeWindowStartsBeforeTheEndPadding) {
  for (int64_t in = 1; in <= 10; ++in)
    for (int64_t k = 1; k <= 4; ++k)
      for (int64_t s = 1; s <= 4; ++s)
        for (int64_t pb = 0; pb < k; ++pb)
          for (int64_t pe = 0; pe < k; ++pe) {
            if (in + pb + pe < k)
              continue;
            int64_t out = shapes::poolOutputSize(in, k, s, pb, pe, true);
            int64_t floorOut = shapes::poolOutputSize(in, k, s, pb, pe, false);
            ASSERT_GE(out, floorOut);
            ASSERT_LE(out, floorOut + 1);
            // The last window starts inside the input or its begin padding.
            EXPECT_LT(shapes::windowStart(out - 1, s, pb), in);
          }
}

TEST(SSLShapesTest, AvgPoolDivisors) {
  // ONNX averagepool_2d_pads(_count_include_pad): 32 wide, 3x3, pads 2.
  EXPECT_EQ(shapes::avgPoolWindowCount(-2, 3, 32, 2, true), 3);
  EXPECT_EQ(shapes::avgPoolWindowCount(-2, 3, 32, 2, false), 1);
  EXPECT_EQ(shapes::avgPoolWindowCount(31, 3, 32, 2, true), 3);
  EXPECT_EQ(shapes::avgPoolWindowCount(31, 3, 32, 2, false), 1);
  EXPECT_EQ(shapes::avgPoolWindowCount(10, 3, 32, 2, false), 3);
  // A ceil-mode window running past the end padding counts only up to it:
  // 6 wide, pads 1, kernel 3, stride 2: the fourth window starts at 5.
  EXPECT_EQ(shapes::windowStart(3, 2, 1), 5);
  EXPECT_EQ(shapes::avgPoolWindowCount(5, 3, 6, 1, true), 2);
  EXPECT_EQ(shapes::avgPoolWindowCount(5, 3, 6, 1, false), 1);
}

//===----------------------------------------------------------------------===//
// Inferred result types
//===----------------------------------------------------------------------===//

class SSLBuilderTest : public ::testing::Test {
protected:
  SSLBuilderTest() : builder(&ctx), loc(UnknownLoc::get(&ctx)) {
    ctx.loadDialect<ssl::SSLDialect, func::FuncDialect>();
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  /// A fresh function whose arguments have the given types.
  ValueRange arguments(ArrayRef<Type> types) {
    builder.setInsertionPointToEnd(module->getBody());
    auto fn = func::FuncOp::create(builder, loc, "f" + std::to_string(count++),
                                   builder.getFunctionType(types, {}));
    Block *body = fn.addEntryBlock();
    builder.setInsertionPointToEnd(body);
    return body->getArguments();
  }

  void expectVerifies(Operation *op) {
    EXPECT_TRUE(succeeded(verify(op))) << "op does not verify";
  }

  MLIRContext ctx;
  OpBuilder builder;
  Location loc;
  OwningOpRef<ModuleOp> module;
  int count = 0;
};

TEST_F(SSLBuilderTest, Conv2d) {
  ValueRange args = arguments({f32({2, 4, 32, 31}), f32({8, 2, 3, 3})});
  auto op = ssl::Conv2dOp::create(builder, loc, args[0], args[1], Value(),
                                  /*strides=*/{2, 2}, /*pads=*/{0, 0, 1, 1},
                                  /*dilations=*/{1, 2}, /*groups=*/2);
  // H: floor((32 + 1 - 3) / 2) + 1 = 16; W: floor((31 + 1 - 5) / 2) + 1 = 14.
  EXPECT_EQ(op.getType(), f32({2, 8, 16, 14}));
  expectVerifies(op);
}

TEST_F(SSLBuilderTest, NullAttributesTakeTheirDefaults) {
  // Builders infer the result type before the op exists, i.e. before
  // default-valued attributes are populated.
  ValueRange args = arguments({f32({1, 3, 8, 8}), f32({6, 3, 3, 3})});
  auto conv = ssl::Conv2dOp::create(builder, loc, args[0], args[1], Value(),
                                    DenseI64ArrayAttr());
  EXPECT_EQ(conv.getType(), f32({1, 6, 6, 6}));
  EXPECT_EQ(conv.getStrides(), ArrayRef<int64_t>({1, 1}));
  EXPECT_EQ(conv.getGroups(), 1u);
  expectVerifies(conv);
  auto pool = ssl::MaxPool2dOp::create(
      builder, loc, args[0], builder.getDenseI64ArrayAttr({2, 2}),
      DenseI64ArrayAttr(), DenseI64ArrayAttr(), BoolAttr());
  EXPECT_EQ(pool.getType(), f32({1, 3, 7, 7}));
  expectVerifies(pool);
}

TEST_F(SSLBuilderTest, ShapePrunedConv2d) {
  ValueRange args = arguments({f32({1, 3, 8, 8}), f32({6, 2})});
  auto taps = DenseIntElementsAttr::get(
      RankedTensorType::get({2, 3}, builder.getI64Type()),
      ArrayRef<int64_t>{0, 0, 0, 2, 1, 2});
  auto op = ssl::ShapePrunedConv2dOp::create(builder, loc, args[0], args[1],
                                             Value(), taps,
                                             /*kernel_size=*/{3, 3},
                                             /*strides=*/{1, 1},
                                             /*pads=*/{0, 0, 0, 0},
                                             /*dilations=*/{1, 1});
  EXPECT_EQ(op.getType(), f32({1, 6, 6, 6}));
  expectVerifies(op);
}

TEST_F(SSLBuilderTest, Pooling) {
  ValueRange args = arguments({f32({1, 16, 5, 5})});
  auto max = ssl::MaxPool2dOp::create(builder, loc, args[0], {2, 2}, {2, 2},
                                      {1, 1, 1, 1}, /*ceil_mode=*/true);
  EXPECT_EQ(max.getType(), f32({1, 16, 3, 3}));
  expectVerifies(max);
  auto avg = ssl::AvgPool2dOp::create(builder, loc, args[0], {3, 3});
  EXPECT_EQ(avg.getType(), f32({1, 16, 3, 3}));
  expectVerifies(avg);
  auto global = ssl::GlobalAvgPoolOp::create(builder, loc, args[0]);
  EXPECT_EQ(global.getType(), f32({1, 16, 1, 1}));
  expectVerifies(global);
}

TEST_F(SSLBuilderTest, ReshapesKeepDynamicSizes) {
  ValueRange args =
      arguments({f32({ShapedType::kDynamic, 50, 4, 4}),
                 f32({2, ShapedType::kDynamic, 4}), f32({2, 3, 4})});
  auto flat = ssl::FlattenOp::create(builder, loc, args[0]);
  EXPECT_EQ(flat.getType(), f32({ShapedType::kDynamic, 800}));
  expectVerifies(flat);
  auto cat = ssl::ConcatOp::create(builder, loc, ValueRange{args[1], args[2]},
                                   /*axis=*/2);
  EXPECT_EQ(cat.getType(), f32({2, 3, 8}));
  expectVerifies(cat);
  auto dynamicAxis =
      ssl::ConcatOp::create(builder, loc, ValueRange{args[1], args[2]}, 1);
  EXPECT_EQ(dynamicAxis.getType(), f32({2, ShapedType::kDynamic, 4}));
}

TEST_F(SSLBuilderTest, BatchNormTrainStatistics) {
  ValueRange args = arguments({f32({8, 16, 4, 4}), f32({16})});
  // Null attributes take the defaults (epsilon 1e-5, momentum 0.9).
  auto op =
      ssl::BatchNormTrainOp::create(builder, loc, args[0], args[1], args[1],
                                    args[1], args[1], FloatAttr(), FloatAttr());
  ASSERT_EQ(op->getNumResults(), 5u);
  EXPECT_EQ(op.getOutput().getType(), f32({8, 16, 4, 4}));
  for (Value stat : {op.getBatchMean(), op.getBatchVariance(),
                     op.getNewRunningMean(), op.getNewRunningVariance()})
    EXPECT_EQ(stat.getType(), f32({16}));
  expectVerifies(op);
}

TEST_F(SSLBuilderTest, DenseAndItsGradients) {
  ValueRange args =
      arguments({f32({64, 800}), f32({500, 800}), f32({64, 500})});
  auto y = ssl::DenseOp::create(builder, loc, args[0], args[1], Value());
  EXPECT_EQ(y.getType(), f32({64, 500}));
  auto dx = ssl::DenseGradInputOp::create(builder, loc, args[2], args[1]);
  EXPECT_EQ(dx.getType(), f32({64, 800}));
  auto dw = ssl::DenseGradWeightOp::create(builder, loc, args[0], args[2]);
  EXPECT_EQ(dw.getType(), f32({500, 800}));
  auto db = ssl::BiasGradOp::create(builder, loc, args[2]);
  EXPECT_EQ(db.getType(), f32({500}));
  for (Operation *op : {y.getOperation(), dx.getOperation(), dw.getOperation(),
                        db.getOperation()})
    expectVerifies(op);
}

TEST_F(SSLBuilderTest, LossAndRegularizerAreScalars) {
  auto labels = RankedTensorType::get({64}, builder.getI64Type());
  ValueRange args = arguments({f32({64, 10}), labels, f32({20, 1, 5, 5})});
  auto loss =
      ssl::SoftmaxCrossEntropyOp::create(builder, loc, args[0], args[1]);
  EXPECT_EQ(loss.getType(), f32({}));
  auto lasso = ssl::GroupLassoOp::create(builder, loc, ssl::GroupKind::Filter,
                                         args[2], llvm::APFloat(1e-4f));
  EXPECT_EQ(lasso.getType(), f32({}));
  expectVerifies(loss);
  expectVerifies(lasso);
}

TEST(SSLInferReturnTypesTest, DiagnosticsNameTheOpOnlyWithALocation) {
  MLIRContext ctx;
  ctx.loadDialect<ssl::SSLDialect, func::FuncDialect>();
  OpBuilder builder(&ctx);
  Location loc = UnknownLoc::get(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  Type input = RankedTensorType::get({4, 8, 8}, builder.getF32Type());
  Type weight = RankedTensorType::get({6, 4, 3, 3}, builder.getF32Type());
  auto fn = func::FuncOp::create(builder, loc, "f",
                                 builder.getFunctionType({input, weight}, {}));
  ValueRange args = fn.addEntryBlock()->getArguments();

  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
    messages.push_back(diag.str());
    return success();
  });
  SmallVector<Type> types;
  EXPECT_TRUE(failed(ssl::Conv2dOp::inferReturnTypes(
      &ctx, loc, args, DictionaryAttr::get(&ctx), OpaqueProperties(nullptr),
      RegionRange(), types)));
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], "'ssl.conv2d' op expects a rank-4 input [N, C, H, "
                         "W], found rank 3");
  EXPECT_TRUE(failed(ssl::Conv2dOp::inferReturnTypes(
      &ctx, std::nullopt, args, DictionaryAttr::get(&ctx),
      OpaqueProperties(nullptr), RegionRange(), types)));
  EXPECT_EQ(messages.size(), 1u);
}

// Without a location the emitter is silent, and the rules still fail: a
// caller that asks whether operands fit (an importer choosing an operand
// order) must not be told that mismatched ones do.
TEST(SSLInferReturnTypesTest, MismatchFailsWithoutALocation) {
  MLIRContext ctx;
  ctx.loadDialect<ssl::SSLDialect, func::FuncDialect>();
  OpBuilder builder(&ctx);
  Location loc = UnknownLoc::get(&ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto f32 = [&](ArrayRef<int64_t> shape) -> Type {
    return RankedTensorType::get(shape, builder.getF32Type());
  };
  auto fn = func::FuncOp::create(
      builder, loc, "f",
      builder.getFunctionType({f32({2, 8}), f32({5, 7}), f32({5, 8}),
                               f32({4}), f32({1, 4, 8, 8}),
                               f32({6, 3, 3, 3})},
                              {}));
  ValueRange a = fn.addEntryBlock()->getArguments();
  auto infer = [&](auto op, ValueRange operands) {
    SmallVector<Type> types;
    return decltype(op)::inferReturnTypes(
        &ctx, std::nullopt, operands, DictionaryAttr::get(&ctx),
        OpaqueProperties(nullptr), RegionRange(), types);
  };
  // Dense: K of the weight differs from the input's; a bias of 4 for 5
  // outputs.
  EXPECT_TRUE(failed(infer(ssl::DenseOp(), {a[0], a[1]})));
  EXPECT_TRUE(failed(infer(ssl::DenseOp(), {a[0], a[2], a[3]})));
  EXPECT_TRUE(succeeded(infer(ssl::DenseOp(), {a[0], a[2]})));
  // Conv: 4 input channels, a weight for 3.
  EXPECT_TRUE(failed(infer(ssl::Conv2dOp(), {a[4], a[5]})));
}

} // namespace
