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

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <set>
#include <tuple>

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

/// Input gradients of convolutions whose kernel rows reach the zero
/// borders unevenly: vertical stride and dilation, asymmetric vertical
/// padding, and a top padding taller than the kernel. The transposed
/// convolution skips the kernel rows that read only zeros, and must skip
/// no others.
TEST_F(TrainStepCodegen, ConvInputGradientsAtUnevenBorders) {
  sslc::NetworkBuilder b(&ctx, {2, 2, 13, 9}, 3);
  Value x = b.relu(b.conv2d(b.input(), 4, 3, 3, "conv1"));
  sslc::ConvOptions down;
  down.strides = {2, 1};
  down.dilations = {2, 1};
  down.pads = {2, 0, 1, 1};
  x = b.relu(b.conv2d(x, 5, 3, 3, "conv2", down));
  sslc::ConvOptions tall;
  tall.pads = {3, 1, 0, 1};
  x = b.relu(b.conv2d(x, 3, 2, 3, "conv3", tall));
  OwningOpRef<ModuleOp> module = b.finish(b.dense(b.flatten(x), 4, "fc"));
  check(std::move(module), allTerms(), 2, 1);
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


/// A stem and one basic block of He et al.'s CIFAR ResNet at a small size,
/// named as the zoo names them: the block's two convolutions and their
/// batch norms are the depth_bn groups.
OwningOpRef<ModuleOp> smallResnet(MLIRContext *ctx) {
  sslc::NetworkBuilder b(ctx, {4, 2, 6, 6}, 7);
  sslc::ConvOptions same;
  same.pads = {1, 1, 1, 1};
  Value x = b.relu(b.batchNorm(
      b.conv2d(b.input(), 4, 3, 3, "conv1", same, /*bias=*/false), "bn1"));
  Value y = b.relu(b.batchNorm(
      b.conv2d(x, 4, 3, 3, "layer1.0.conv1", same, false), "layer1.0.bn1"));
  y = b.batchNorm(b.conv2d(y, 4, 3, 3, "layer1.0.conv2", same, false),
                  "layer1.0.bn2");
  x = b.relu(b.add(y, x));
  return b.finish(b.dense(b.flatten(b.globalAvgPool(x)), 10, "fc"));
}

TEST_F(TrainStepCodegen, ResidualBlockWithDepthBnSubgradient) {
  sslc::DeriveTrainStepPassOptions o = allTerms();
  o.depthBnLambda = 0.05f;
  check(smallResnet(&ctx), o, 2, 6);
}

TEST_F(TrainStepCodegen, ResidualBlockWithProximalUpdates) {
  sslc::DeriveTrainStepPassOptions o = allTerms();
  o.depthBnLambda = 0.05f;
  o.sslUpdate = {"proximal", "channel=subgradient"};
  check(smallResnet(&ctx), o, 2, 7);
}

/// Derives and compiles the step of `module` with `options`.
std::unique_ptr<sslc::codegen::TrainStep>
compileStep(OwningOpRef<ModuleOp> &module,
            const sslc::DeriveTrainStepPassOptions &options) {
  PassManager pm(module->getContext());
  pm.addPass(sslc::createDeriveTrainStepPass(options));
  if (failed(pm.run(*module)))
    return nullptr;
  auto compiled = sslc::codegen::TrainStep::compile(
      *module, sslc::codegen::TrainStepOptions());
  return succeeded(compiled) ? std::move(*compiled) : nullptr;
}

/// A random state for `step` (unit-variance parameters, zero velocities,
/// positive variances) and one random batch.
struct Batch {
  sslc::Tensor images;
  std::vector<int64_t> labels;
};

sslc::ModelState randomState(const sslc::codegen::TrainStep &step,
                             std::mt19937_64 &rng) {
  sslc::ModelState state = step.initialState();
  for (auto &[name, t] : state) {
    if (name.find(".mask") != std::string::npos ||
        name.find("momentum_buffer") != std::string::npos)
      continue;
    t = randomTensor(t.shape, rng);
    if (name.find("running_var") != std::string::npos)
      for (float &v : t.data)
        v = 0.5f + std::fabs(v);
  }
  return state;
}

Batch randomBatch(const sslc::codegen::TrainStep &step, std::mt19937_64 &rng) {
  Batch batch{randomTensor(step.batchShape(), rng), {}};
  batch.labels.resize(step.batchShape()[0]);
  for (int64_t &l : batch.labels)
    l = static_cast<int64_t>(rng() % 10);
  return batch;
}

double squaredNorm(const std::vector<float> &v, size_t begin, size_t end) {
  double sum = 0;
  for (size_t i = begin; i < end; ++i)
    sum += double(v[i]) * double(v[i]);
  return sum;
}

/// The proximal step against the plain SGD step from the same state: a
/// group whose norm after the update is at most lr·λ lands exactly on
/// zero, every other group keeps its direction and loses exactly lr·λ of
/// its norm, and every tensor outside the groups (and every velocity) is
/// the plain step's. Filter groups of the stem convolution
/// and the two depth_bn groups of the block, with each λ set between the
/// norms the plain step leaves, so both cases occur in both kinds.
TEST_F(TrainStepCodegen, ProximalStepZeroesSmallGroupsAndShrinksTheRest) {
  const float lr = 0.05f;
  sslc::DeriveTrainStepPassOptions plain;
  plain.momentum = 0.9f;
  plain.zeroThreshold = 0.0f;
  OwningOpRef<ModuleOp> plainModule = smallResnet(&ctx);
  auto plainStep = compileStep(plainModule, plain);
  ASSERT_TRUE(plainStep);
  std::mt19937_64 rng(11);
  sslc::ModelState start = randomState(*plainStep, rng);
  Batch batch = randomBatch(*plainStep, rng);
  sslc::ModelState expected = start;
  float loss = 0;
  std::string error;
  ASSERT_TRUE(plainStep->step(batch.images, batch.labels, lr, expected, loss,
                              error))
      << error;

  // Filter norms of the stem after the plain step; the threshold lies
  // between the second and third smallest.
  const std::vector<float> &stem = expected.at("conv1.weight").data;
  const size_t filterSize = stem.size() / 4;
  std::vector<double> filterNorms;
  for (size_t g = 0; g < 4; ++g)
    filterNorms.push_back(
        std::sqrt(squaredNorm(stem, g * filterSize, (g + 1) * filterSize)));
  std::vector<double> sorted = filterNorms;
  std::sort(sorted.begin(), sorted.end());
  const double filterStep = (sorted[1] + sorted[2]) / 2;
  // The joint norms of the block's two depth_bn groups.
  auto groupNorm = [&](const sslc::ModelState &s, const std::string &conv,
                       const std::string &bn) {
    double sum = 0;
    for (const std::string &name :
         {conv + ".weight", bn + ".weight", bn + ".bias"})
      sum += squaredNorm(s.at(name).data, 0, s.at(name).data.size());
    return std::sqrt(sum);
  };
  const double n1 = groupNorm(expected, "layer1.0.conv1", "layer1.0.bn1"),
               n2 = groupNorm(expected, "layer1.0.conv2", "layer1.0.bn2");
  ASSERT_NE(n1, n2);
  const double depthStep = (n1 + n2) / 2;

  sslc::DeriveTrainStepPassOptions prox = plain;
  prox.sslUpdate = {"proximal"};
  prox.depthBnLambda = static_cast<float>(depthStep / lr);
  prox.layerLambdas = {"conv1.filter=" + std::to_string(filterStep / lr)};
  OwningOpRef<ModuleOp> proxModule = smallResnet(&ctx);
  auto proxStep = compileStep(proxModule, prox);
  ASSERT_TRUE(proxStep);
  // The options hold λ as float: the step shrinks by lr · float(λ).
  const double filterShrink = double(lr) * double(float(filterStep / lr));
  const double depthShrink = double(lr) * double(prox.depthBnLambda);
  sslc::ModelState state = start;
  ASSERT_TRUE(
      proxStep->step(batch.images, batch.labels, lr, state, loss, error))
      << error;

  // Stem filters.
  const std::vector<float> &got = state.at("conv1.weight").data;
  int zeroed = 0;
  for (size_t g = 0; g < 4; ++g) {
    size_t begin = g * filterSize, end = begin + filterSize;
    if (filterNorms[g] <= filterShrink) {
      ++zeroed;
      for (size_t i = begin; i < end; ++i)
        EXPECT_EQ(got[i], 0.0f) << "stem filter " << g << " element " << i;
      continue;
    }
    double scale = 1.0 - filterShrink / filterNorms[g];
    for (size_t i = begin; i < end; ++i)
      EXPECT_NEAR(got[i], stem[i] * scale, 1e-6 * std::fabs(stem[i]) + 1e-7)
          << "stem filter " << g << " element " << i;
    EXPECT_NEAR(std::sqrt(squaredNorm(got, begin, end)),
                filterNorms[g] - filterShrink, 1e-5 * filterNorms[g])
        << "stem filter " << g;
  }
  EXPECT_EQ(zeroed, 2);

  // depth_bn groups: one lands on zero, the other shrinks.
  std::set<std::string> grouped = {"conv1.weight"};
  for (auto [conv, bn, norm] :
       {std::tuple{"layer1.0.conv1", "layer1.0.bn1", n1},
        std::tuple{"layer1.0.conv2", "layer1.0.bn2", n2}}) {
    std::string c(conv), b(bn);
    for (const std::string &name : {c + ".weight", b + ".weight", b + ".bias"}) {
      grouped.insert(name);
      const std::vector<float> &before = expected.at(name).data;
      const std::vector<float> &after = state.at(name).data;
      for (size_t i = 0; i < after.size(); ++i) {
        if (norm <= depthShrink)
          EXPECT_EQ(after[i], 0.0f) << name << "[" << i << "]";
        else
          EXPECT_NEAR(after[i], before[i] * (1.0 - depthShrink / norm),
                      1e-6 * std::fabs(before[i]) + 1e-7)
              << name << "[" << i << "]";
      }
    }
    double shrunk = groupNorm(state, c, b);
    if (norm <= depthShrink)
      EXPECT_EQ(shrunk, 0.0) << c;
    else
      EXPECT_NEAR(shrunk, norm - depthShrink, 1e-5 * norm) << c;
  }

  // Everything else, velocities included, is the plain step's: the same
  // gradient, up to the float rounding of a separately compiled pipeline
  // (its batch-norm reductions sum in another order), the bound
  // expectClose holds every float result of this file to.
  for (const auto &[name, t] : state)
    if (!grouped.count(name))
      expectClose(t, toArray(expected.at(name)), name);
}

/// Fine-tuning by groups freezes only the all-zero groups (Caffe's
/// DISCONNECTED_GRPWISE), by elements every initial zero; the γ and β of a
/// zero depth_bn group stay zero too, so the branch stays dead.
TEST_F(TrainStepCodegen, FinetuneGroupsFreezesOnlyZeroGroups) {
  auto plant = [&](ModuleOp module) {
    module.walk([](ml_program::GlobalOp g) {
      auto type = cast<RankedTensorType>(g.getType());
      auto values = cast<DenseElementsAttr>(*g.getValue());
      std::vector<float> v(values.getValues<float>().begin(),
                           values.getValues<float>().end());
      StringRef name = g.getSymName();
      if (name == "conv1.weight") {
        std::fill(v.begin() + 2 * 18, v.begin() + 3 * 18, 0.0f); // filter 2
        v[0] = 0.0f; // a lone zero in filter 0
      } else if (name == "fc.weight") {
        v[1] = 0.0f; // a lone zero in row 0, column 1
      } else if (name == "layer1.0.conv2.weight" ||
                 name == "layer1.0.bn2.weight" || name == "layer1.0.bn2.bias") {
        std::fill(v.begin(), v.end(), 0.0f); // the whole depth_bn group
      } else {
        return;
      }
      g.setValueAttr(DenseElementsAttr::get(type, llvm::ArrayRef<float>(v)));
    });
  };
  for (std::string mode : {"groups", "elements"}) {
    SCOPED_TRACE(mode);
    OwningOpRef<ModuleOp> module = smallResnet(&ctx);
    plant(*module);
    sslc::DeriveTrainStepPassOptions o;
    o.finetune = true;
    o.finetuneMode = mode;
    auto step = compileStep(module, o);
    ASSERT_TRUE(step);
    std::mt19937_64 rng(13);
    // Start from the planted parameters, not random ones: the masks were
    // taken from them.
    sslc::ModelState state = step->initialState();
    for (auto &[name, t] : state)
      if (name.find("running_var") != std::string::npos)
        for (float &v : t.data)
          v = 1.0f;
    float loss = 0;
    std::string error;
    for (int s = 0; s < 2; ++s) {
      Batch batch = randomBatch(*step, rng);
      ASSERT_TRUE(step->step(batch.images, batch.labels, 0.05f, state, loss,
                             error))
          << error;
    }
    const std::vector<float> &stem = state.at("conv1.weight").data;
    for (int i = 2 * 18; i < 3 * 18; ++i)
      EXPECT_EQ(stem[i], 0.0f) << "zero filter element " << i;
    for (const char *name :
         {"layer1.0.conv2.weight", "layer1.0.bn2.weight", "layer1.0.bn2.bias"})
      for (float v : state.at(name).data)
        EXPECT_EQ(v, 0.0f) << name;
    if (mode == "groups") {
      EXPECT_NE(stem[0], 0.0f) << "a lone zero trains again";
      EXPECT_NE(state.at("fc.weight").data[1], 0.0f);
    } else {
      EXPECT_EQ(stem[0], 0.0f) << "every initial zero stays";
      EXPECT_EQ(state.at("fc.weight").data[1], 0.0f);
    }
  }
}

} // namespace
