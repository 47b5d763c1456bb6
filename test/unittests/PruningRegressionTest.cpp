//===- PruningRegressionTest.cpp - structure removal keeps the function ---===//
//
// Regression tests for wrong answers found in structure removal and in the
// lowering, each on the smallest network that showed it:
//
// - A pointer into a growing llvm::DenseMap was held across an insertion
//   (the channel pruner's parameter cache, the lowering's value map). Deep
//   networks read enough parameters to make the map grow, and the stale
//   pointer then read freed memory: a dense chain of 3x3 convolutions was
//   pruned although nothing in it is zero, and a residual add after many
//   ReLUs aborted. The tests sweep the depth across the sizes at which the
//   maps grow.
// - Weights stored as dense_resource blobs are read by the removal passes
//   like plain dense constants; a blob they cannot read pins its layer.
//
// Outputs are compared with the double-precision reference interpreter.
//
//===----------------------------------------------------------------------===//
#include "ReferenceInterpreter.h"
#include "TestUtil.h"
#include "codegen/Codegen.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Pipelines/Pipelines.h"
#include "frontends/Builder.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>
#include <map>

using namespace mlir;
using namespace sslc;

namespace {

struct Diagnostics {
  explicit Diagnostics(MLIRContext &ctx) {
    ctx.getDiagEngine().registerHandler([this](Diagnostic &d) {
      text += d.str() + "\n";
      return success();
    });
  }
  std::string text;
};

/// Shapes of every parameter, by name.
std::map<std::string, std::vector<int64_t>> parameterShapes(ModuleOp m) {
  std::map<std::string, std::vector<int64_t>> shapes;
  m.walk([&](ml_program::GlobalOp g) {
    auto t = cast<RankedTensorType>(g.getType());
    shapes[g.getSymName().str()] =
        std::vector<int64_t>(t.getShape().begin(), t.getShape().end());
  });
  return shapes;
}

test::Array randomInput(ModuleOp m, uint64_t seed) {
  auto fn = m.lookupSymbol<func::FuncOp>("main");
  auto type = cast<RankedTensorType>(fn.getArgumentTypes()[0]);
  test::Array x(std::vector<int64_t>(type.getShape().begin(),
                                     type.getShape().end()));
  std::vector<float> v = test::randomValues(x.data.size(), seed);
  for (size_t i = 0; i < v.size(); ++i)
    x.data[i] = v[i];
  return x;
}

std::vector<double> interpret(ModuleOp m, const test::Array &x) {
  test::ReferenceInterpreter interpreter(m);
  auto out = interpreter.run(m.lookupSymbol<func::FuncOp>("main"), {x});
  EXPECT_TRUE(succeeded(out));
  return succeeded(out) ? (*out)[0].data : std::vector<double>();
}

/// max |a - b| ≤ tol · max |b|, with b not all zero.
void expectClose(const std::vector<double> &a, const std::vector<double> &b,
                 double tol, const std::string &what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  double scale = 0, err = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    scale = std::max(scale, std::fabs(b[i]));
    err = std::max(err, std::fabs(a[i] - b[i]));
  }
  ASSERT_GT(scale, 0.0) << what;
  EXPECT_LE(err, tol * scale) << what << ": max error " << err << " at scale "
                              << scale;
}

LogicalResult prune(ModuleOp m) {
  PassManager pm(m.getContext());
  buildPruningPipeline(pm, PruningPipelineOptions());
  if (failed(pm.run(m)))
    return failure();
  return verify(m);
}

/// A chain of `depth` dense 3x3 convolutions (bias, BN, ReLU each) with
/// random weights and BN statistics: no group is zero.
OwningOpRef<ModuleOp> denseConvChain(MLIRContext &ctx, int depth) {
  NetworkBuilder b(&ctx, {2, 4, 6, 6}, /*seed=*/depth);
  Value x = b.input();
  ConvOptions same;
  same.pads = {1, 1, 1, 1};
  for (int i = 0; i < depth; ++i) {
    std::string name = "conv" + std::to_string(i);
    Value w = b.parameter(name + ".weight", {4, 4, 3, 3},
                          normalValues(b.rng(), 144, 0.35f));
    Value bias =
        b.parameter(name + ".bias", {4}, uniformValues(b.rng(), 4, 0.5f));
    x = b.conv2d(x, w, bias, same);
    std::string bn = "bn" + std::to_string(i);
    std::vector<float> var = uniformValues(b.rng(), 4, 0.4f);
    for (float &v : var)
      v += 0.6f;
    x = b.batchNorm(x, b.parameter(bn + ".weight", {4},
                                   uniformValues(b.rng(), 4, 1.0f)),
                    b.parameter(bn + ".bias", {4},
                                uniformValues(b.rng(), 4, 0.5f)),
                    b.parameter(bn + ".running_mean", {4},
                                uniformValues(b.rng(), 4, 0.3f)),
                    b.parameter(bn + ".running_var", {4}, var));
    x = b.relu(x);
  }
  return b.finish({b.flatten(x)});
}

// Pruning a network with no zero group removes nothing, however many
// parameters it reads (the parameter cache grew at 48 and 96 entries).
TEST(PruningRegression, DenseConvChainKeepsEveryChannel) {
  for (int depth : {6, 8, 9, 12, 16, 17, 20, 26, 33}) {
    MLIRContext ctx;
    Diagnostics diag(ctx);
    OwningOpRef<ModuleOp> model = denseConvChain(ctx, depth);
    ASSERT_TRUE(model);
    test::Array x = randomInput(*model, depth);
    std::vector<double> want = interpret(*model, x);
    OwningOpRef<ModuleOp> pruned = model->clone();
    ASSERT_TRUE(succeeded(prune(*pruned))) << diag.text;
    int convs = 0;
    pruned->walk([&](ssl::Conv2dOp conv) {
      ++convs;
      EXPECT_EQ(conv.getWeight().getType().getShape(),
                ArrayRef<int64_t>({4, 4, 3, 3}))
          << "depth " << depth << ": a conv lost a channel";
    });
    EXPECT_EQ(convs, depth) << "depth " << depth << ": a conv was folded";
    expectClose(interpret(*pruned, x), want, 1e-5,
                "depth " + std::to_string(depth));
  }
}

// A zeroed filter in the first layer of a deep chain is removed with the
// next layer's input channel, and nothing else is, at depths on both sides
// of the cache's growth.
TEST(PruningRegression, DeepChainRemovesOnlyZeroFilters) {
  for (int depth : {8, 17, 33}) {
    MLIRContext ctx;
    Diagnostics diag(ctx);
    OwningOpRef<ModuleOp> model = denseConvChain(ctx, depth);
    auto w0 = model->lookupSymbol<ml_program::GlobalOp>("conv0.weight");
    auto dense = cast<DenseElementsAttr>(*w0.getValue());
    std::vector<float> w(dense.getValues<float>().begin(),
                         dense.getValues<float>().end());
    std::fill(w.begin(), w.begin() + 36, 0.0f); // filter 0
    w0.setValueAttr(DenseElementsAttr::get(cast<ShapedType>(dense.getType()),
                                           llvm::ArrayRef<float>(w)));
    // Batch norm maps the filter's bias below zero, so after the ReLU the
    // channel is 0 everywhere (a nonzero constant could not be removed: the
    // next conv pads it with zeros, which makes it position-dependent).
    auto beta = model->lookupSymbol<ml_program::GlobalOp>("bn0.bias");
    auto betaValues = cast<DenseElementsAttr>(*beta.getValue());
    std::vector<float> bv(betaValues.getValues<float>().begin(),
                          betaValues.getValues<float>().end());
    bv[0] = -5.0f;
    beta.setValueAttr(DenseElementsAttr::get(
        cast<ShapedType>(betaValues.getType()), llvm::ArrayRef<float>(bv)));
    test::Array x = randomInput(*model, depth + 1);
    std::vector<double> want = interpret(*model, x);
    ASSERT_TRUE(succeeded(prune(*model))) << diag.text;
    std::map<std::string, std::vector<int64_t>> shapes =
        parameterShapes(*model);
    EXPECT_EQ(shapes["conv0.weight"], (std::vector<int64_t>{3, 4, 3, 3}))
        << "depth " << depth;
    EXPECT_EQ(shapes["conv1.weight"], (std::vector<int64_t>{4, 3, 3, 3}))
        << "depth " << depth;
    for (int i = 2; i < depth; ++i)
      EXPECT_EQ(shapes["conv" + std::to_string(i) + ".weight"],
                (std::vector<int64_t>{4, 4, 3, 3}))
          << "depth " << depth << ", conv" << i;
    expectClose(interpret(*model, x), want, 1e-5,
                "depth " + std::to_string(depth));
  }
}

// The lowering's value map grows while an add looks up its operands: an add
// of a parameter after n ReLUs read a dangling reference at n = 46.
TEST(PruningRegression, AddOfParameterAfterManyRelus) {
  for (int n : {40, 45, 46, 47, 60, 93, 94, 95}) {
    MLIRContext ctx;
    Diagnostics diag(ctx);
    NetworkBuilder b(&ctx, {1, 3, 4, 4}, n);
    Value x = b.input();
    for (int i = 0; i < n; ++i)
      x = b.relu(x);
    std::vector<float> c = uniformValues(b.rng(), 48, 1.0f);
    x = b.add(x, b.parameter("shift", {1, 3, 4, 4}, c));
    OwningOpRef<ModuleOp> model = b.finish({x});
    auto exe = codegen::Executable::compile(*model, {});
    ASSERT_TRUE(succeeded(exe)) << "n = " << n << ": " << diag.text;
    Tensor in({1, 3, 4, 4});
    in.data = test::randomValues(48, n);
    Tensor out;
    std::string error;
    ASSERT_TRUE((*exe)->run({&in}, {&out}, error)) << error;
    ASSERT_EQ(out.data.size(), 48u);
    for (int i = 0; i < 48; ++i)
      ASSERT_FLOAT_EQ(out.data[i], std::max(in.data[i], 0.0f) + c[i])
          << "n = " << n << ", element " << i;
  }
}

/// Moves the value of parameter `name` into a dense_resource blob holding
/// `count` floats of it (fewer than the type has, for a truncated blob).
void storeAsResource(ModuleOp m, const std::string &name, size_t count) {
  auto g = m.lookupSymbol<ml_program::GlobalOp>(name);
  auto dense = cast<DenseElementsAttr>(*g.getValue());
  std::vector<float> v(dense.getValues<float>().begin(),
                       dense.getValues<float>().end());
  v.resize(count);
  auto type = cast<ShapedType>(dense.getType());
  g.setValueAttr(DenseF32ResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(
                      llvm::ArrayRef<float>(v))));
}

/// conv1 (8 filters, 3 zero) → relu → conv2 → flatten, weights random.
OwningOpRef<ModuleOp> twoConvs(MLIRContext &ctx) {
  NetworkBuilder b(&ctx, {2, 3, 6, 6}, 5);
  std::vector<float> w1 = normalValues(b.rng(), 8 * 27, 0.4f);
  for (int o : {1, 4, 6})
    std::fill(w1.begin() + o * 27, w1.begin() + (o + 1) * 27, 0.0f);
  std::vector<float> b1 = uniformValues(b.rng(), 8, 0.5f);
  b1[4] = 0.0f; // a dead filter; 1 and 6 output their bias
  Value x = b.conv2d(b.input(), b.parameter("conv1.weight", {8, 3, 3, 3}, w1),
                     b.parameter("conv1.bias", {8}, b1));
  x = b.relu(x);
  x = b.conv2d(x,
               b.parameter("conv2.weight", {5, 8, 3, 3},
                           normalValues(b.rng(), 5 * 72, 0.3f)),
               b.parameter("conv2.bias", {5}, uniformValues(b.rng(), 5, 0.5f)));
  return b.finish({b.flatten(x)});
}

TEST(PruningRegression, ResourceWeightsArePruned) {
  MLIRContext ctx;
  Diagnostics diag(ctx);
  OwningOpRef<ModuleOp> model = twoConvs(ctx);
  test::Array x = randomInput(*model, 3);
  std::vector<double> want = interpret(*model, x);
  storeAsResource(*model, "conv1.weight", 8 * 27);
  storeAsResource(*model, "conv2.weight", 5 * 72);
  expectClose(interpret(*model, x), want, 1e-12, "resource weights");
  ASSERT_TRUE(succeeded(prune(*model))) << diag.text;
  std::map<std::string, std::vector<int64_t>> shapes = parameterShapes(*model);
  EXPECT_EQ(shapes["conv1.weight"], (std::vector<int64_t>{5, 3, 3, 3}));
  EXPECT_EQ(shapes["conv2.weight"], (std::vector<int64_t>{5, 5, 3, 3}));
  expectClose(interpret(*model, x), want, 1e-5, "pruned resource weights");
}

// A blob shorter than its type is not a readable constant: the layer keeps
// its channels, and so do its neighbours, rather than being rewritten on
// one side only.
TEST(PruningRegression, UnreadableResourcePinsItsLayer) {
  MLIRContext ctx;
  Diagnostics diag(ctx);
  OwningOpRef<ModuleOp> model = twoConvs(ctx);
  storeAsResource(*model, "conv1.weight", 8 * 27 - 1);
  ASSERT_TRUE(succeeded(prune(*model))) << diag.text;
  std::map<std::string, std::vector<int64_t>> shapes = parameterShapes(*model);
  EXPECT_EQ(shapes["conv1.weight"], (std::vector<int64_t>{8, 3, 3, 3}));
  EXPECT_EQ(shapes["conv2.weight"], (std::vector<int64_t>{5, 8, 3, 3}));
}

} // namespace
