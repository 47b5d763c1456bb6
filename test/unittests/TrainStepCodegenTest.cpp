//===- TrainStepCodegenTest.cpp - Halide train step against the reference -===//
//
// The train step that ssl-derive-train-step builds, JIT-compiled through the
// Halide lowering (float), against the reference interpreter (double) on
// random parameters, velocities and data: the loss, every updated
// parameter, velocity and running statistic, and the inference function
// with the same parameters. Each step starts both from the same state, so
// float rounding does not compound across steps.
//
//===----------------------------------------------------------------------===//
#include "ReferenceInterpreter.h"

#include "codegen/Codegen.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "frontends/Builder.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

using namespace mlir;
using sslc::test::Array;
using sslc::test::ReferenceInterpreter;

namespace {

Array toArray(const sslc::Tensor &t) {
  Array a(t.shape);
  for (size_t i = 0; i < t.data.size(); ++i)
    a.data[i] = t.data[i];
  return a;
}

sslc::Tensor randomTensor(std::vector<int64_t> shape, std::mt19937_64 &rng,
                          float scale = 1.0f) {
  sslc::Tensor t(std::move(shape));
  std::uniform_real_distribution<float> dist(-scale, scale);
  for (float &v : t.data)
    v = dist(rng);
  return t;
}

/// Halide (float) against the reference (double): every element within
/// `rel` of the largest magnitude of the reference tensor. Float sums of a
/// few thousand terms with cancellation stay well inside 1e-4 of the
/// tensor's scale; an indexing error is of the order of the scale.
void expectClose(const sslc::Tensor &halide, const Array &ref,
                 const std::string &what, double rel = 1e-4) {
  ASSERT_EQ(halide.shape, ref.shape) << what;
  double scale = 0;
  for (double v : ref.data)
    scale = std::max(scale, std::fabs(v));
  ASSERT_GT(scale, 0.0) << what << " is all zeros: nothing is compared";
  int bad = 0;
  for (size_t i = 0; i < ref.data.size(); ++i)
    if (!(std::fabs(halide.data[i] - ref.data[i]) <= rel * scale) && bad++ < 5)
      ADD_FAILURE() << what << "[" << i << "]: halide " << halide.data[i]
                    << ", reference " << ref.data[i] << " (scale " << scale
                    << ")";
  EXPECT_EQ(bad, 0) << what << ": " << bad << " of " << ref.data.size()
                    << " elements differ";
}

class TrainStepCodegen : public ::testing::Test {
protected:
  TrainStepCodegen() {
    ctx.loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                    ml_program::MLProgramDialect>();
  }

  /// Derives the step of `module`, then runs `steps` steps of the compiled
  /// step and of the reference from the same random state.
  void check(OwningOpRef<ModuleOp> module,
             const sslc::DeriveTrainStepPassOptions &options, int steps,
             uint64_t seed,
             const std::function<void(sslc::ModelState &)> &adjust = {}) {
    PassManager pm(&ctx);
    pm.addPass(sslc::createDeriveTrainStepPass(options));
    ASSERT_TRUE(succeeded(pm.run(*module)));
    auto compiled = sslc::codegen::TrainStep::compile(
        *module, sslc::codegen::TrainStepOptions());
    ASSERT_TRUE(succeeded(compiled));
    sslc::codegen::TrainStep &step = **compiled;

    std::mt19937_64 rng(seed);
    sslc::ModelState state = step.initialState();
    for (auto &[name, t] : state) {
      if (name.find(".mask") != std::string::npos)
        continue;
      if (name == sslc::kDropoutStepGlobal) { // a step count
        t.data[0] = static_cast<float>(rng() % 1000);
        continue;
      }
      if (name.find("running_var") != std::string::npos) {
        t = randomTensor(t.shape, rng);
        for (float &v : t.data)
          v = 0.5f + std::fabs(v); // a variance
        continue;
      }
      t = randomTensor(
          t.shape, rng,
          name.find("momentum_buffer") != std::string::npos ? 0.01f : 1.0f);
    }
    if (adjust)
      adjust(state);

    auto stepFn = module->lookupSymbol<func::FuncOp>("train_step");
    auto mainFn = module->lookupSymbol<func::FuncOp>("main");
    const std::vector<int64_t> &batch = step.batchShape();
    int64_t classes =
        cast<RankedTensorType>(mainFn.getResultTypes()[0]).getDimSize(1);
    for (int s = 0; s < steps; ++s) {
      sslc::Tensor images = randomTensor(batch, rng);
      std::vector<int64_t> labels(batch[0]);
      for (int64_t &l : labels)
        l = static_cast<int64_t>(rng() % classes);
      Array labelArray({batch[0]});
      for (size_t i = 0; i < labels.size(); ++i)
        labelArray.data[i] = static_cast<double>(labels[i]);
      Array lr(std::vector<int64_t>{});
      lr.data = {0.05};

      ReferenceInterpreter ref(*module);
      for (auto &[name, t] : state)
        ref.globals[name] = toArray(t);

      // Inference with the state before the step.
      sslc::Tensor scores;
      std::string error;
      ASSERT_TRUE(step.infer(images, state, scores, error)) << error;
      auto refScores = ref.run(mainFn, {toArray(images)});
      ASSERT_TRUE(succeeded(refScores));
      expectClose(scores, (*refScores)[0], "inference scores");

      sslc::ModelState before = state;
      float loss = 0;
      ASSERT_TRUE(step.step(images, labels, 0.05f, state, loss, error))
          << error;
      auto refLoss = ref.run(stepFn, {toArray(images), labelArray, lr});
      ASSERT_TRUE(succeeded(refLoss));
      double expected = (*refLoss)[0].data[0];
      EXPECT_NEAR(loss, expected, 1e-5 * std::fabs(expected))
          << "loss at step " << s;
      for (auto &[name, t] : state) {
        std::string what = name + " after step " + std::to_string(s);
        const Array &r = ref.globals.at(name);
        if (name.find(".mask") != std::string::npos) {
          expectClose(t, r, what, 0.0);
          continue;
        }
        // Parameters move by their velocity: compare the move, not the
        // value, so the comparison is as strict as for the velocity.
        Array refMove = r;
        sslc::Tensor move = t;
        for (size_t i = 0; i < t.data.size(); ++i) {
          refMove.data[i] = r.data[i] - before.at(name).data[i];
          move.data[i] = t.data[i] - before.at(name).data[i];
        }
        expectClose(move, refMove, what);
        // Frozen weights stay exact zeros.
        auto mask = state.find(name + ".mask");
        for (size_t i = 0; mask != state.end() && i < t.data.size(); ++i) {
          if (mask->second.data[i] == 0.0f) {
            ASSERT_EQ(t.data[i], 0.0f) << what << "[" << i << "]";
          }
        }
      }
    }
  }

  MLIRContext ctx;
};

sslc::DeriveTrainStepPassOptions allTerms() {
  sslc::DeriveTrainStepPassOptions o;
  o.filterLambda = 0.011f;
  o.channelLambda = 0.012f;
  o.shapeLambda = 0.013f;
  o.kernel2dLambda = 0.014f;
  o.depthLambda = 0.015f;
  o.rowLambda = 0.016f;
  o.columnLambda = 0.017f;
  o.momentum = 0.9f;
  o.weightDecay = 5e-4f;
  return o;
}

/// Caffe's LeNet at a small size: convolutions, max pooling, dense layers.
OwningOpRef<ModuleOp> smallLenet(MLIRContext *ctx) {
  sslc::NetworkBuilder b(ctx, {4, 1, 14, 13}, 1);
  sslc::PoolOptions pool;
  Value x = b.maxPool2d(b.conv2d(b.input(), 5, 5, 5, "conv1"), pool);
  x = b.maxPool2d(b.conv2d(x, 7, 3, 3, "conv2"), pool);
  x = b.relu(b.dense(b.flatten(x), 9, "ip1"));
  return b.finish(b.dense(x, 10, "ip2"));
}

TEST_F(TrainStepCodegen, LenetWithEveryGroupTerm) {
  check(smallLenet(&ctx), allTerms(), 3, 1);
}

TEST_F(TrainStepCodegen, FinetuneKeepsPrunedWeightsZero) {
  OwningOpRef<ModuleOp> module = smallLenet(&ctx);
  // Zero filter 2 of conv1 and column 3 of ip1 before deriving, so the masks
  // freeze them.
  module->walk([](ml_program::GlobalOp g) {
    auto type = cast<RankedTensorType>(g.getType());
    auto values = cast<DenseElementsAttr>(*g.getValue());
    std::vector<float> v(values.getValues<float>().begin(),
                         values.getValues<float>().end());
    if (g.getSymName() == "conv1.weight")
      std::fill(v.begin() + 2 * 25, v.begin() + 3 * 25, 0.0f);
    else if (g.getSymName() == "ip1.weight")
      for (int64_t m = 0; m < type.getDimSize(0); ++m)
        v[m * type.getDimSize(1) + 3] = 0.0f;
    else
      return;
    g.setValueAttr(DenseElementsAttr::get(type, llvm::ArrayRef<float>(v)));
  });
  sslc::DeriveTrainStepPassOptions o = allTerms();
  o.finetune = true;
  auto zeroMasked = [](sslc::ModelState &state) {
    for (auto &[name, t] : state) {
      auto mask = state.find(name + ".mask");
      if (mask == state.end())
        continue;
      for (size_t i = 0; i < t.data.size(); ++i)
        if (mask->second.data[i] == 0.0f)
          t.data[i] = 0.0f;
    }
  };
  check(std::move(module), o, 2, 2, zeroMasked);
}

/// Batch norm in training form, padding, strides, groups, ceil-mode average
/// pooling, a residual sum, concatenation and global pooling.
TEST_F(TrainStepCodegen, ConvNetWithBatchNormAndResidual) {
  sslc::NetworkBuilder b(&ctx, {3, 3, 11, 10}, 2);
  sslc::ConvOptions pad;
  pad.pads = {1, 2, 1, 0};
  Value x = b.relu(b.batchNorm(b.conv2d(b.input(), 6, 3, 3, "conv1", pad,
                                        /*bias=*/false),
                               "bn1"));
  sslc::ConvOptions grouped;
  grouped.groups = 3;
  grouped.pads = {1, 1, 1, 1};
  Value y = b.conv2d(x, 6, 3, 3, "conv2", grouped);
  x = b.relu(b.add(x, y));
  sslc::ConvOptions strided;
  strided.strides = {2, 2};
  strided.dilations = {1, 2};
  Value c1 = b.conv2d(x, 4, 3, 2, "branch1", strided);
  Value c2 = b.conv2d(x, 5, 3, 2, "branch2", strided);
  x = b.concat({c1, c2}, 1);
  sslc::PoolOptions pool;
  pool.kernel = {3, 3};
  pool.strides = {2, 2};
  pool.pads = {1, 1, 1, 1};
  pool.ceilMode = true;
  pool.countIncludePad = true;
  x = b.avgPool2d(b.relu(x), pool);
  x = b.flatten(b.globalAvgPool(x));
  OwningOpRef<ModuleOp> module = b.finish(b.dense(x, 7, "fc"));
  check(std::move(module), allTerms(), 2, 3);
}

/// AlexNet's classifier at a small size: dropout before each hidden dense
/// layer. Forward and backward draw the reference's masks, and the step
/// counter advances by one per step.
TEST_F(TrainStepCodegen, MlpWithDropout) {
  sslc::NetworkBuilder b(&ctx, {6, 19}, 5);
  Value x = b.relu(b.dense(b.input(), 23, "fc6"));
  x = b.relu(b.dense(b.dropout(x, 0.5f), 17, "fc7"));
  x = b.dropout(x, 0.3f);
  check(b.finish(b.dense(x, 10, "fc8")), allTerms(), 3, 5);
}

/// The training-form dropout alone, against the op description's hash:
/// each element is exactly 0 or exactly x / (1 - ratio), about `ratio` of
/// them are dropped, the mask changes with the step and is the same again
/// for the same step and seed.
TEST_F(TrainStepCodegen, DropoutMaskIsSeededPerStep) {
  const int64_t N = 64, K = 129;
  const float ratio = 0.3f;
  const uint64_t seed = 0x123456789abcdefull;
  OpBuilder b(&ctx);
  Location loc = b.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto type = RankedTensorType::get({N, K}, b.getF32Type());
  auto scalar = RankedTensorType::get({}, b.getF32Type());
  auto fn = func::FuncOp::create(b, loc, "main",
                                 b.getFunctionType({type, scalar}, {type}));
  OpBuilder fb(&ctx);
  fb.setInsertionPointToEnd(fn.addEntryBlock());
  Value y = sslc::ssl::DropoutOp::create(
                fb, loc, fn.getArgument(0), fn.getArgument(1),
                fb.getF32FloatAttr(ratio),
                fb.getI64IntegerAttr(static_cast<int64_t>(seed)))
                .getOutput();
  func::ReturnOp::create(fb, loc, y);
  sslc::codegen::CompileOptions options;
  options.parametersAsInputs = true; // the training lowering
  auto exe = sslc::codegen::Executable::compile(*module, options);
  ASSERT_TRUE(succeeded(exe));

  std::mt19937_64 rng(6);
  sslc::Tensor x = randomTensor({N, K}, rng);
  for (float &v : x.data)
    v += 2.0f; // no zeros in the input
  const float scale = 1.0f / (1.0f - ratio);
  auto run = [&](float step) {
    sslc::Tensor s(std::vector<int64_t>{});
    s.data = {step};
    sslc::Tensor out;
    std::string error;
    EXPECT_TRUE((*exe)->run({&x, &s}, {&out}, error)) << error;
    std::vector<bool> dropped(x.data.size());
    int64_t zeros = 0, wrong = 0;
    for (size_t i = 0; i < x.data.size(); ++i) {
      dropped[i] = out.data[i] == 0.0f;
      zeros += dropped[i];
      bool expected = sslc::test::dropoutDrops(
          seed, static_cast<uint32_t>(step), static_cast<uint32_t>(i), ratio);
      if (dropped[i] != expected ||
          (!dropped[i] && out.data[i] != x.data[i] * scale))
        if (wrong++ < 5)
          ADD_FAILURE() << "step " << step << ", element " << i << ": "
                        << out.data[i] << " for input " << x.data[i]
                        << (expected ? " (dropped in the reference)" : "");
    }
    EXPECT_EQ(wrong, 0) << "step " << step;
    // Binomial(N·K, ratio): 5 standard deviations.
    double n = double(x.data.size());
    double bound = 5 * std::sqrt(ratio * (1 - ratio) / n);
    EXPECT_NEAR(zeros / n, ratio, bound) << "step " << step;
    return dropped;
  };
  std::vector<bool> first = run(41), second = run(42), again = run(41);
  EXPECT_EQ(first, again) << "the same step and seed draw another mask";
  int64_t changed = 0;
  for (size_t i = 0; i < first.size(); ++i)
    changed += first[i] != second[i];
  // Independent masks differ in 2·ratio·(1 - ratio) of the elements.
  double expectedChanged = 2 * ratio * (1 - ratio) * double(first.size());
  EXPECT_GT(changed, expectedChanged / 2)
      << "consecutive steps draw (nearly) the same mask";
}

/// The MLP of the SSL paper at a small size: dense layers only, with the
/// row and column terms.
TEST_F(TrainStepCodegen, Mlp) {
  sslc::NetworkBuilder b(&ctx, {5, 17}, 3);
  Value x = b.relu(b.dense(b.input(), 13, "ip1"));
  x = b.relu(b.dense(x, 11, "ip2"));
  check(b.finish(b.dense(x, 10, "ip3")), allTerms(), 3, 4);
}

} // namespace
