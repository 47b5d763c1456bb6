//===- GradientCheckTest.cpp - VJP rules against finite differences -------===//
//
// Every VJP rule of passes/Training/Autodiff and every group kind's
// subgradient, checked in double precision against central finite
// differences of the forward op on random inputs (odd sizes, strides,
// asymmetric padding, dilation, groups, ceil-mode pooling). Both sides run
// on the reference interpreter; a last case differentiates the whole
// train_step that ssl-derive-train-step builds.
//
//===----------------------------------------------------------------------===//
#include "ReferenceInterpreter.h"

#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"
#include "frontends/Builder.h"
#include "passes/Passes.h"
#include "passes/Training/Autodiff.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <random>

using namespace mlir;
using sslc::test::Array;
using sslc::test::ReferenceInterpreter;

namespace {

constexpr double kStep = 1e-5;
// Central differences in double with a step of 1e-5 are accurate to about
// 1e-9 on these O(1) functions; the bound leaves room, nothing more.
constexpr double kAbsTol = 1e-7, kRelTol = 1e-6;

Array randomArray(std::vector<int64_t> shape, std::mt19937_64 &rng) {
  Array a(std::move(shape));
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  for (double &v : a.data)
    v = dist(rng);
  return a;
}

using BuildFn = std::function<Value(OpBuilder &, Location, ValueRange)>;

class GradientCheck : public ::testing::Test {
protected:
  GradientCheck() {
    ctx.loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                    ml_program::MLProgramDialect>();
  }

  /// Builds @f(args) -> build(args) and @grad(args, dy) -> the gradients of
  /// every argument that gets one, then compares them with finite
  /// differences of Σ dy ⊙ f. Arguments are random except those `fixed`
  /// gives (by index), which should not be differentiated.
  void checkVjp(const std::vector<std::vector<int64_t>> &shapes,
                const BuildFn &build, uint64_t seed,
                std::vector<bool> differentiable = {},
                const std::map<unsigned, Array> &fixed = {}) {
    if (differentiable.empty())
      differentiable.assign(shapes.size(), true);
    OpBuilder b(&ctx);
    Location loc = b.getUnknownLoc();
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module->getBody());
    SmallVector<Type> argTypes;
    for (const auto &s : shapes)
      argTypes.push_back(RankedTensorType::get(s, b.getF32Type()));

    auto f = func::FuncOp::create(b, loc, "f", b.getFunctionType(argTypes, {}));
    OpBuilder fb(&ctx);
    fb.setInsertionPointToEnd(f.addEntryBlock());
    Value y = build(fb, loc, f.getArguments());
    func::ReturnOp::create(fb, loc, y);
    f.setFunctionType(b.getFunctionType(argTypes, {y.getType()}));

    SmallVector<Type> gradArgs(argTypes);
    gradArgs.push_back(y.getType());
    auto g =
        func::FuncOp::create(b, loc, "grad", b.getFunctionType(gradArgs, {}));
    OpBuilder gb(&ctx);
    gb.setInsertionPointToEnd(g.addEntryBlock());
    IRMapping mapping;
    for (unsigned i = 0; i < shapes.size(); ++i)
      mapping.map(f.getArgument(i), g.getArgument(i));
    SmallVector<Operation *> forward;
    for (Operation &op : f.getBody().front().without_terminator())
      forward.push_back(gb.clone(op, mapping));
    SmallVector<Value> targets;
    for (unsigned i = 0; i < shapes.size(); ++i)
      if (differentiable[i])
        targets.push_back(g.getArgument(i));
    FailureOr<SmallVector<Value>> grads = sslc::buildBackward(
        gb, forward, {{mapping.lookup(y), g.getArgument(shapes.size())}},
        targets);
    ASSERT_TRUE(succeeded(grads));
    SmallVector<Value> returned;
    std::vector<unsigned> gradOf;
    for (unsigned i = 0, t = 0; i < shapes.size(); ++i) {
      if (!differentiable[i])
        continue;
      if (Value v = (*grads)[t++]) {
        returned.push_back(v);
        gradOf.push_back(i);
      }
    }
    ASSERT_FALSE(returned.empty()) << "no argument got a gradient";
    func::ReturnOp::create(gb, loc, returned);
    g.setFunctionType(
        b.getFunctionType(gradArgs, TypeRange(ValueRange(returned))));
    ASSERT_TRUE(succeeded(verify(*module)));

    std::mt19937_64 rng(seed);
    std::vector<Array> args;
    for (const auto &s : shapes)
      args.push_back(randomArray(s, rng));
    for (const auto &[i, value] : fixed)
      args[i] = value;
    Array dy = randomArray(
        std::vector<int64_t>(cast<RankedTensorType>(y.getType()).getShape()),
        rng);
    compareWithDifferences(*module, f, g, args, dy, gradOf, rng);
  }

  /// Σ dy ⊙ f(args) on the interpreter.
  static double projected(ModuleOp module, func::FuncOp f,
                          const std::vector<Array> &args, const Array &dy) {
    ReferenceInterpreter interp(module);
    auto out = interp.run(f, args);
    EXPECT_TRUE(succeeded(out));
    double s = 0;
    for (int64_t i = 0; i < dy.size(); ++i)
      s += dy.data[i] * (*out)[0].data[i];
    return s;
  }

  static void compareWithDifferences(ModuleOp module, func::FuncOp f,
                                     func::FuncOp g, std::vector<Array> args,
                                     const Array &dy,
                                     const std::vector<unsigned> &gradOf,
                                     std::mt19937_64 &rng) {
    ReferenceInterpreter interp(module);
    std::vector<Array> gradArgs = args;
    gradArgs.push_back(dy);
    auto grads = interp.run(g, gradArgs);
    ASSERT_TRUE(succeeded(grads));
    for (size_t r = 0; r < gradOf.size(); ++r) {
      unsigned a = gradOf[r];
      const Array &analytic = (*grads)[r];
      ASSERT_EQ(analytic.shape, args[a].shape);
      double largest = 0;
      for (double v : analytic.data)
        largest = std::max(largest, std::fabs(v));
      EXPECT_GT(largest, 1e-3) << "gradient of argument " << a
                               << " is (nearly) zero: nothing is checked";
      // Every element of small tensors, a random sample of large ones.
      std::vector<int64_t> elements;
      for (int64_t i = 0; i < args[a].size(); ++i)
        elements.push_back(i);
      if (elements.size() > 150) {
        std::shuffle(elements.begin(), elements.end(), rng);
        elements.resize(150);
      }
      for (int64_t i : elements) {
        double saved = args[a].data[i];
        args[a].data[i] = saved + kStep;
        double up = projected(module, f, args, dy);
        args[a].data[i] = saved - kStep;
        double down = projected(module, f, args, dy);
        args[a].data[i] = saved;
        double fd = (up - down) / (2 * kStep);
        EXPECT_NEAR(analytic.data[i], fd, kAbsTol + kRelTol * std::fabs(fd))
            << "argument " << a << ", element " << i;
      }
    }
  }

  MLIRContext ctx;
};

//===----------------------------------------------------------------------===//
// One case per VJP rule, several per windowed op.
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, Dense) {
  checkVjp(
      {{3, 7}, {5, 7}, {5}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::DenseOp::create(b, loc, a[0], a[1], a[2]).getOutput();
      },
      1);
}

TEST_F(GradientCheck, DenseWithoutBias) {
  checkVjp(
      {{4, 3}, {2, 3}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::DenseOp::create(b, loc, a[0], a[1], Value())
            .getOutput();
      },
      2);
}

struct ConvCase {
  std::vector<int64_t> x, w;
  bool bias;
  std::vector<int64_t> strides, pads, dilations;
  int64_t groups;
};

std::string join(const std::vector<int64_t> &v) {
  std::string s;
  for (int64_t d : v)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

void PrintTo(const ConvCase &c, std::ostream *os) {
  *os << "x " << join(c.x) << ", w " << join(c.w) << (c.bias ? ", bias" : "")
      << ", strides " << join(c.strides) << ", pads " << join(c.pads)
      << ", dilations " << join(c.dilations) << ", groups " << c.groups;
}

class ConvGradientCheck : public GradientCheck,
                          public ::testing::WithParamInterface<ConvCase> {};

TEST_P(ConvGradientCheck, Conv2d) {
  ConvCase c = GetParam();
  std::vector<std::vector<int64_t>> shapes{c.x, c.w};
  if (c.bias)
    shapes.push_back({c.w[0]});
  checkVjp(
      shapes,
      [&](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::Conv2dOp::create(
                   b, loc, a[0], a[1], c.bias ? a[2] : Value(), c.strides,
                   c.pads, c.dilations, static_cast<uint64_t>(c.groups))
            .getOutput();
      },
      3);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConvGradientCheck,
    ::testing::Values(
        // Odd sizes, vertical stride, asymmetric pads, horizontal dilation.
        ConvCase{
            {2, 3, 7, 6}, {4, 3, 3, 2}, true, {2, 1}, {1, 0, 2, 1}, {1, 2}, 1},
        // Three groups, dilation on the other axis.
        ConvCase{
            {1, 6, 5, 7}, {9, 2, 3, 3}, true, {1, 2}, {1, 1, 1, 1}, {2, 1}, 3},
        // Stride 3 with windows that skip input cells; no bias.
        ConvCase{
            {2, 2, 8, 9}, {3, 2, 2, 3}, false, {3, 3}, {0, 2, 1, 0}, {1, 1}, 1},
        // Depthwise (groups = channels), padding larger than the kernel.
        ConvCase{
            {2, 4, 5, 5}, {4, 1, 2, 2}, true, {1, 1}, {2, 1, 0, 2}, {1, 1}, 4},
        // 1×1 kernel, stride 2.
        ConvCase{{1, 5, 6, 7},
                 {3, 5, 1, 1},
                 true,
                 {2, 2},
                 {0, 0, 0, 0},
                 {1, 1},
                 1}));

TEST_F(GradientCheck, Relu) {
  checkVjp(
      {{3, 5, 4}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::ReluOp::create(b, loc, a[0]).getOutput();
      },
      4);
}

TEST_F(GradientCheck, Add) {
  checkVjp(
      {{2, 3, 4}, {2, 3, 4}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::AddOp::create(b, loc, a[0], a[1]).getOutput();
      },
      5);
}

TEST_F(GradientCheck, AddOfTheSameValue) {
  // Both operands are the argument: its gradient is the sum of the two.
  checkVjp(
      {{3, 4}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        Value r = sslc::ssl::ReluOp::create(b, loc, a[0]).getOutput();
        return sslc::ssl::AddOp::create(b, loc, r, a[0]).getOutput();
      },
      6);
}

struct PoolCase {
  std::vector<int64_t> x, kernel, strides, pads;
  bool ceil, countIncludePad;
};

void PrintTo(const PoolCase &c, std::ostream *os) {
  *os << "x " << join(c.x) << ", kernel " << join(c.kernel) << ", strides "
      << join(c.strides) << ", pads " << join(c.pads)
      << (c.ceil ? ", ceil" : ", floor")
      << (c.countIncludePad ? ", count_include_pad" : "");
}

class PoolGradientCheck : public GradientCheck,
                          public ::testing::WithParamInterface<PoolCase> {};

TEST_P(PoolGradientCheck, MaxPool2d) {
  PoolCase c = GetParam();
  checkVjp(
      {c.x},
      [&](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::MaxPool2dOp::create(b, loc, a[0], c.kernel, c.strides,
                                              c.pads, c.ceil)
            .getOutput();
      },
      7);
}

TEST_P(PoolGradientCheck, AvgPool2d) {
  PoolCase c = GetParam();
  checkVjp(
      {c.x},
      [&](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::AvgPool2dOp::create(b, loc, a[0], c.kernel, c.strides,
                                              c.pads, c.ceil, c.countIncludePad)
            .getOutput();
      },
      8);
}

INSTANTIATE_TEST_SUITE_P(
    Windows, PoolGradientCheck,
    ::testing::Values(
        // Overlapping windows, padding, ceil mode (Caffe's 3×3/2 pools).
        PoolCase{{2, 3, 7, 8}, {3, 3}, {2, 2}, {1, 1, 1, 1}, true, true},
        PoolCase{{2, 3, 7, 8}, {3, 3}, {2, 2}, {1, 1, 1, 1}, true, false},
        // Asymmetric window and padding, floor mode.
        PoolCase{{1, 2, 9, 7}, {2, 3}, {2, 2}, {0, 1, 1, 0}, false, true},
        // Stride larger than the kernel: cells no window reads.
        PoolCase{{2, 2, 7, 7}, {2, 2}, {3, 3}, {0, 0, 0, 0}, true, false}));

TEST_F(GradientCheck, GlobalAvgPool) {
  checkVjp(
      {{2, 3, 5, 4}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::GlobalAvgPoolOp::create(b, loc, a[0]).getOutput();
      },
      9);
}

TEST_F(GradientCheck, Flatten) {
  checkVjp(
      {{2, 3, 2, 5}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::FlattenOp::create(b, loc, a[0]).getOutput();
      },
      10);
}

TEST_F(GradientCheck, ConcatChannels) {
  checkVjp(
      {{2, 1, 3, 2}, {2, 4, 3, 2}, {2, 2, 3, 2}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::ConcatOp::create(b, loc, a, uint64_t(1)).getOutput();
      },
      11);
}

TEST_F(GradientCheck, ConcatLastAxis) {
  checkVjp(
      {{3, 2}, {3, 5}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::ConcatOp::create(b, loc, a, uint64_t(1)).getOutput();
      },
      12);
}

// The backward dropout must draw the forward mask: the same seed and, here,
// step 5 (a step of 0 or another step gives another mask). The step counter
// itself is not differentiated.
TEST_F(GradientCheck, DropoutWithAStep) {
  Array step(std::vector<int64_t>{});
  step.data = {5.0};
  checkVjp({{6, 11}, {}},
           [](OpBuilder &b, Location loc, ValueRange a) {
             return sslc::ssl::DropoutOp::create(b, loc, a[0], a[1],
                                                 b.getF32FloatAttr(0.4f),
                                                 b.getI64IntegerAttr(9))
                 .getOutput();
           },
           16, {true, false}, {{1, step}});
}

// Gradients with respect to input, gamma and beta; the running statistics
// do not reach the output.
TEST_F(GradientCheck, BatchNormTrainNCHW) {
  checkVjp({{4, 3, 2, 3}, {3}, {3}, {3}, {3}},
           [](OpBuilder &b, Location loc, ValueRange a) {
             return sslc::ssl::BatchNormTrainOp::create(
                        b, loc, a[0], a[1], a[2], a[3], a[4],
                        b.getF32FloatAttr(1e-3f), b.getF32FloatAttr(0.9f))
                 .getOutput();
           },
           13, {true, true, true, false, false});
}

TEST_F(GradientCheck, BatchNormTrainDense) {
  checkVjp({{5, 4}, {4}, {4}, {4}, {4}},
           [](OpBuilder &b, Location loc, ValueRange a) {
             return sslc::ssl::BatchNormTrainOp::create(
                        b, loc, a[0], a[1], a[2], a[3], a[4],
                        b.getF32FloatAttr(1e-5f), b.getF32FloatAttr(0.9f))
                 .getOutput();
           },
           14, {true, true, true, false, false});
}

TEST_F(GradientCheck, ChainThroughSeveralOps) {
  // conv -> relu -> max pool -> flatten -> dense: the rules compose.
  checkVjp(
      {{2, 2, 6, 5}, {3, 2, 3, 3}, {3}, {4, 18}},
      [](OpBuilder &b, Location loc, ValueRange a) {
        Value c = sslc::ssl::Conv2dOp::create(
                      b, loc, a[0], a[1], a[2], std::vector<int64_t>{1, 1},
                      std::vector<int64_t>{1, 1, 1, 0},
                      std::vector<int64_t>{1, 1}, uint64_t(1))
                      .getOutput();
        Value r = sslc::ssl::ReluOp::create(b, loc, c).getOutput();
        Value p = sslc::ssl::MaxPool2dOp::create(
                      b, loc, r, std::vector<int64_t>{2, 2},
                      std::vector<int64_t>{2, 2},
                      std::vector<int64_t>{0, 0, 0, 0}, true)
                      .getOutput();
        Value f = sslc::ssl::FlattenOp::create(b, loc, p).getOutput();
        return sslc::ssl::DenseOp::create(b, loc, f, a[3], Value()).getOutput();
      },
      15);
}

//===----------------------------------------------------------------------===//
// Loss and regularizer: their gradient ops against their own forward ops.
//===----------------------------------------------------------------------===//

/// A module with @loss(args) -> scalar and @grad(args) -> gradient of
/// argument 0, each one op; checks @grad against differences of @loss.
class ScalarGradientCheck : public GradientCheck {
protected:
  void check(const std::vector<Type> &types, const std::vector<Array> &args,
             const BuildFn &loss, const BuildFn &grad) {
    OpBuilder b(&ctx);
    Location loc = b.getUnknownLoc();
    OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
    b.setInsertionPointToEnd(module->getBody());
    func::FuncOp fns[2];
    for (int k = 0; k < 2; ++k) {
      fns[k] = func::FuncOp::create(b, loc, k ? "grad" : "loss",
                                    b.getFunctionType(types, {}));
      OpBuilder fb(&ctx);
      fb.setInsertionPointToEnd(fns[k].addEntryBlock());
      Value v = (k ? grad : loss)(fb, loc, fns[k].getArguments());
      func::ReturnOp::create(fb, loc, v);
      fns[k].setFunctionType(b.getFunctionType(types, {v.getType()}));
    }
    ASSERT_TRUE(succeeded(verify(*module)));
    // d(loss)/d(arg0) with a unit seed: the projection of a scalar by 1.
    Array one(std::vector<int64_t>{});
    one.data = {1.0};
    ReferenceInterpreter interp(*module);
    auto analytic = interp.run(fns[1], args);
    ASSERT_TRUE(succeeded(analytic));
    std::vector<Array> probe = args;
    double largest = 0;
    for (int64_t i = 0; i < probe[0].size(); ++i) {
      double saved = probe[0].data[i];
      probe[0].data[i] = saved + kStep;
      double up = projected(*module, fns[0], probe, one);
      probe[0].data[i] = saved - kStep;
      double down = projected(*module, fns[0], probe, one);
      probe[0].data[i] = saved;
      double fd = (up - down) / (2 * kStep);
      double a = (*analytic)[0].data[i];
      largest = std::max(largest, std::fabs(a));
      EXPECT_NEAR(a, fd, kAbsTol + kRelTol * std::fabs(fd)) << "element " << i;
    }
    EXPECT_GT(largest, 1e-3);
  }
};

TEST_F(ScalarGradientCheck, SoftmaxCrossEntropyClassLabels) {
  std::mt19937_64 rng(21);
  Array logits = randomArray({5, 7}, rng);
  for (double &v : logits.data)
    v *= 3; // peaked rows as well as flat ones
  Array labels({5});
  labels.data = {0, 6, 3, 3, 1};
  OpBuilder b(&ctx);
  check(
      {RankedTensorType::get({5, 7}, b.getF32Type()),
       RankedTensorType::get({5}, b.getI64Type())},
      {logits, labels},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::SoftmaxCrossEntropyOp::create(b, loc, a[0], a[1])
            .getLoss();
      },
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::SoftmaxCrossEntropyGradOp::create(b, loc, a[0], a[1])
            .getGradLogits();
      });
}

TEST_F(ScalarGradientCheck, SoftmaxCrossEntropySoftLabels) {
  std::mt19937_64 rng(22);
  Array logits = randomArray({3, 4}, rng);
  Array targets = randomArray({3, 4}, rng);
  for (int n = 0; n < 3; ++n) { // rows of a distribution
    double s = 0;
    for (int k = 0; k < 4; ++k)
      s += (targets.data[n * 4 + k] = std::fabs(targets.data[n * 4 + k]));
    for (int k = 0; k < 4; ++k)
      targets.data[n * 4 + k] /= s;
  }
  OpBuilder b(&ctx);
  auto type = RankedTensorType::get({3, 4}, b.getF32Type());
  check(
      {type, type}, {logits, targets},
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::SoftmaxCrossEntropyOp::create(b, loc, a[0], a[1])
            .getLoss();
      },
      [](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::SoftmaxCrossEntropyGradOp::create(b, loc, a[0], a[1])
            .getGradLogits();
      });
}

struct LassoCase {
  sslc::ssl::GroupKind kind;
  std::vector<int64_t> shape;
};

void PrintTo(const LassoCase &c, std::ostream *os) {
  *os << sslc::ssl::stringifyGroupKind(c.kind).str() << " groups of "
      << join(c.shape);
}

class GroupLassoGradientCheck
    : public ScalarGradientCheck,
      public ::testing::WithParamInterface<LassoCase> {};

TEST_P(GroupLassoGradientCheck, SubgradientMatchesDifferences) {
  LassoCase c = GetParam();
  std::mt19937_64 rng(31 + static_cast<int>(c.kind));
  Array w = randomArray(c.shape, rng);
  OpBuilder b(&ctx);
  const float lambda = 0.37f;
  check(
      {RankedTensorType::get(c.shape, b.getF32Type())}, {w},
      [&](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::GroupLassoOp::create(b, loc, c.kind, a[0],
                                               llvm::APFloat(lambda))
            .getResult();
      },
      [&](OpBuilder &b, Location loc, ValueRange a) {
        return sslc::ssl::GroupLassoGradOp::create(b, loc, c.kind, a[0],
                                                   llvm::APFloat(lambda))
            .getGrad();
      });
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, GroupLassoGradientCheck,
    ::testing::Values(LassoCase{sslc::ssl::GroupKind::Filter, {5, 3, 2, 3}},
                      LassoCase{sslc::ssl::GroupKind::Channel, {5, 3, 2, 3}},
                      LassoCase{sslc::ssl::GroupKind::Shape, {5, 3, 2, 3}},
                      LassoCase{sslc::ssl::GroupKind::Kernel2D, {5, 3, 2, 3}},
                      LassoCase{sslc::ssl::GroupKind::Depth, {5, 3, 2, 3}},
                      LassoCase{sslc::ssl::GroupKind::Depth, {4, 7}},
                      LassoCase{sslc::ssl::GroupKind::Row, {4, 7}},
                      LassoCase{sslc::ssl::GroupKind::Column, {4, 7}}));

/// depth_bn's one group spans a convolution weight and the γ and β of its
/// batch norm: the subgradient of each operand matches the differences of
/// the joint norm (each operand in turn is the one the check perturbs).
TEST_F(ScalarGradientCheck, DepthBnSubgradientSpansWeightAndAffine) {
  std::mt19937_64 rng(37);
  const std::vector<std::vector<int64_t>> shapes = {{4, 3, 2, 2}, {4}, {4}};
  std::vector<Array> values;
  for (const auto &shape : shapes)
    values.push_back(randomArray(shape, rng));
  const float lambda = 0.37f;
  for (int k = 0; k < 3; ++k) {
    SCOPED_TRACE("operand " + std::to_string(k));
    // Operand k first among the function's arguments.
    std::vector<int> order = {k};
    for (int i = 0; i < 3; ++i)
      if (i != k)
        order.push_back(i);
    OpBuilder b(&ctx);
    std::vector<Type> types;
    std::vector<Array> args;
    for (int i : order) {
      types.push_back(RankedTensorType::get(shapes[i], b.getF32Type()));
      args.push_back(values[i]);
    }
    auto operands = [order](ValueRange a) {
      SmallVector<Value> ops(3);
      for (int j = 0; j < 3; ++j)
        ops[order[j]] = a[j];
      return ops;
    };
    check(
        types, args,
        [&](OpBuilder &b, Location loc, ValueRange a) {
          return sslc::ssl::GroupLassoOp::create(
                     b, loc, sslc::ssl::GroupKind::DepthBN, operands(a),
                     llvm::APFloat(lambda))
              .getResult();
        },
        [&](OpBuilder &b, Location loc, ValueRange a) {
          return sslc::ssl::GroupLassoGradOp::create(
                     b, loc, sslc::ssl::GroupKind::DepthBN, operands(a),
                     llvm::APFloat(lambda))
              .getGrads()[k];
        });
  }
}

/// At a zero group the norm is not differentiable; the op takes the
/// subgradient 0 there (so a zero group stays zero) and is exact elsewhere.
TEST_F(GradientCheck, GroupLassoGradOfZeroGroupIsZero) {
  OpBuilder b(&ctx);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto type = RankedTensorType::get({3, 2, 2, 2}, b.getF32Type());
  auto fn =
      func::FuncOp::create(b, loc, "g", b.getFunctionType({type}, {type}));
  OpBuilder fb(&ctx);
  fb.setInsertionPointToEnd(fn.addEntryBlock());
  Value g = sslc::ssl::GroupLassoGradOp::create(
                fb, loc, sslc::ssl::GroupKind::Filter, fn.getArgument(0),
                llvm::APFloat(0.5f))
                .getGrad();
  func::ReturnOp::create(fb, loc, g);
  std::mt19937_64 rng(41);
  Array w = randomArray({3, 2, 2, 2}, rng);
  for (int i = 8; i < 16; ++i) // filter 1 is all zeros
    w.data[i] = 0.0;
  ReferenceInterpreter interp(*module);
  auto out = interp.run(fn, {w});
  ASSERT_TRUE(succeeded(out));
  for (int i = 8; i < 16; ++i)
    EXPECT_EQ((*out)[0].data[i], 0.0);
  double norm0 = 0;
  for (int i = 0; i < 8; ++i)
    norm0 += w.data[i] * w.data[i];
  EXPECT_NEAR((*out)[0].data[0], 0.5 * w.data[0] / std::sqrt(norm0), 1e-15);
}

//===----------------------------------------------------------------------===//
// The whole derived step: with momentum 0, no decay, lr 1 and no zeroing,
// new_param = param - gradient of the returned loss.
//===----------------------------------------------------------------------===//

TEST_F(GradientCheck, TrainStepAppliesTheGradientOfItsLoss) {
  sslc::NetworkBuilder nb(&ctx, {3, 2, 9, 8}, /*seed=*/5);
  sslc::ConvOptions conv;
  conv.strides = {2, 1};
  conv.pads = {1, 2, 0, 1};
  Value x = nb.conv2d(nb.input(), 4, 3, 3, "conv1", conv);
  x = nb.relu(nb.batchNorm(x, "bn1"));
  sslc::PoolOptions pool;
  pool.kernel = {3, 3};
  pool.strides = {2, 2};
  pool.ceilMode = true;
  x = nb.maxPool2d(x, pool);
  sslc::ConvOptions grouped;
  grouped.groups = 2;
  grouped.pads = {1, 1, 1, 1};
  Value y = nb.conv2d(x, 4, 3, 3, "conv2", grouped);
  x = nb.relu(nb.add(x, y));
  x = nb.flatten(nb.avgPool2d(x, sslc::PoolOptions()));
  x = nb.dropout(nb.relu(nb.dense(x, 6, "ip1")), 0.3f);
  OwningOpRef<ModuleOp> module = nb.finish(nb.dense(x, 5, "ip2"));

  PassManager pm(&ctx);
  sslc::DeriveTrainStepPassOptions options;
  options.filterLambda = 0.01f;
  options.channelLambda = 0.02f;
  options.shapeLambda = 0.03f;
  options.kernel2dLambda = 0.04f;
  options.depthLambda = 0.05f;
  options.rowLambda = 0.06f;
  options.columnLambda = 0.07f;
  options.momentum = 0.0f;
  options.zeroThreshold = 0.0f;
  pm.addPass(sslc::createDeriveTrainStepPass(options));
  ASSERT_TRUE(succeeded(pm.run(*module)));
  auto step = module->lookupSymbol<func::FuncOp>("train_step");
  ASSERT_TRUE(step);

  std::mt19937_64 rng(51);
  ReferenceInterpreter initial(*module);
  // Random biases and batch-norm affine parameters too, not just weights;
  // the dropout mask of step 12.
  for (auto &[name, value] : initial.globals)
    if (name.find("momentum_buffer") == std::string::npos &&
        name.find("running") == std::string::npos)
      value = randomArray(value.shape, rng);
  ASSERT_TRUE(initial.globals.count(sslc::kDropoutStepGlobal.str()));
  initial.globals[sslc::kDropoutStepGlobal.str()].data = {12.0};
  Array input = randomArray({3, 2, 9, 8}, rng);
  Array labels({3});
  labels.data = {4, 0, 2};
  Array lr(std::vector<int64_t>{});
  lr.data = {1.0};

  auto lossAt = [&](const std::map<std::string, Array> &globals) {
    ReferenceInterpreter interp(*module);
    interp.globals = globals;
    auto out = interp.run(step, {input, labels, lr});
    EXPECT_TRUE(succeeded(out));
    return (*out)[0].data[0];
  };
  ReferenceInterpreter stepped(*module);
  stepped.globals = initial.globals;
  ASSERT_TRUE(succeeded(stepped.run(step, {input, labels, lr})));

  for (const char *name :
       {"conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "conv2.weight",
        "conv2.bias", "ip1.weight", "ip1.bias", "ip2.weight", "ip2.bias"}) {
    const Array &before = initial.globals.at(name);
    const Array &after = stepped.globals.at(name);
    std::map<std::string, Array> probe = initial.globals;
    std::vector<int64_t> elements;
    for (int64_t i = 0; i < before.size(); ++i)
      elements.push_back(i);
    std::shuffle(elements.begin(), elements.end(), rng);
    elements.resize(std::min<size_t>(elements.size(), 12));
    for (int64_t i : elements) {
      double saved = before.data[i];
      probe[name].data[i] = saved + kStep;
      double up = lossAt(probe);
      probe[name].data[i] = saved - kStep;
      double down = lossAt(probe);
      probe[name].data[i] = saved;
      double fd = (up - down) / (2 * kStep);
      double applied = before.data[i] - after.data[i];
      EXPECT_NEAR(applied, fd, kAbsTol + kRelTol * std::fabs(fd))
          << name << " element " << i;
    }
  }
}

} // namespace
