//===- PipelineSplitTest.cpp - networks run as several Halide pipelines ---===//
//
// A network split into pipelines (CompileOptions::maxStagesPerPipeline)
// must compute what the single pipeline computes: the tensors that cross a
// cut are stored and read back, nothing else changes. Inference of a
// residual network and the train step of a network with batch norm,
// residual sums and every group term, on random parameters and data.
//
//===----------------------------------------------------------------------===//
#include "codegen/Codegen.h"
#include "codegen/Lowering.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "frontends/Builder.h"
#include "frontends/Zoo.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <sstream>

using namespace mlir;

namespace {

sslc::Tensor randomTensor(std::vector<int64_t> shape, std::mt19937_64 &rng) {
  sslc::Tensor t(std::move(shape));
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (float &v : t.data)
    v = dist(rng);
  return t;
}

/// Equal up to float reassociation: storing a tensor instead of inlining
/// it may let LLVM contract a multiply-add differently.
void expectSame(const sslc::Tensor &split, const sslc::Tensor &whole,
                const std::string &what) {
  ASSERT_EQ(split.shape, whole.shape) << what;
  double scale = 0;
  for (float v : whole.data)
    scale = std::max(scale, std::fabs(static_cast<double>(v)));
  ASSERT_GT(scale, 0.0) << what << " is all zeros: nothing is compared";
  int bad = 0;
  for (size_t i = 0; i < whole.data.size(); ++i)
    if (!(std::fabs(split.data[i] - whole.data[i]) <= 1e-5 * scale) &&
        bad++ < 5)
      ADD_FAILURE() << what << "[" << i << "]: split " << split.data[i]
                    << ", one pipeline " << whole.data[i];
  EXPECT_EQ(bad, 0) << what;
}

class PipelineSplit : public ::testing::Test {
protected:
  PipelineSplit() {
    ctx.loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                    ml_program::MLProgramDialect>();
  }
  MLIRContext ctx;
};

TEST_F(PipelineSplit, ResidualNetworkInference) {
  sslc::ZooOptions zoo;
  zoo.batch = 2;
  OwningOpRef<ModuleOp> module = sslc::buildZooModel(&ctx, "resnet20", zoo);
  ASSERT_TRUE(module);
  sslc::codegen::CompileOptions whole;
  whole.threads = 1;
  sslc::codegen::CompileOptions split = whole;
  split.maxStagesPerPipeline = 16;
  auto a = sslc::codegen::Executable::compile(*module, whole);
  auto b = sslc::codegen::Executable::compile(*module, split);
  ASSERT_TRUE(succeeded(a) && succeeded(b));
  EXPECT_EQ((*a)->pipelineCount(), 1);
  EXPECT_GT((*b)->pipelineCount(), 2);

  std::mt19937_64 rng(5);
  sslc::Tensor input = randomTensor((*a)->inputShapes()[0], rng);
  sslc::Tensor outA, outB;
  std::string error;
  ASSERT_TRUE((*a)->run({&input}, {&outA}, error)) << error;
  ASSERT_TRUE((*b)->run({&input}, {&outB}, error)) << error;
  expectSame(outB, outA, "scores");
  // A second run reuses the intermediate buffers.
  input = randomTensor((*a)->inputShapes()[0], rng);
  ASSERT_TRUE((*a)->run({&input}, {&outA}, error)) << error;
  ASSERT_TRUE((*b)->run({&input}, {&outB}, error)) << error;
  expectSame(outB, outA, "scores of the second run");
}

// Several compile processes (the compile cache's) split a network into a
// few pipelines each (each of at least kMinStagesPerSplitPipeline stages),
// computing what one pipeline computes; a small network stays one
// pipeline.
TEST_F(PipelineSplit, CompileThreadsGetAFewPipelinesEach) {
  sslc::ZooOptions zoo;
  zoo.batch = 2;
  OwningOpRef<ModuleOp> module = sslc::buildZooModel(&ctx, "resnet20", zoo);
  ASSERT_TRUE(module);
  sslc::codegen::CompileOptions one;
  one.threads = 1;
  sslc::codegen::CompileOptions two = one, three = one;
  two.compileThreads = 2;
  three.compileThreads = 3;
  auto a = sslc::codegen::Executable::compile(*module, one);
  auto b = sslc::codegen::Executable::compile(*module, two);
  auto c = sslc::codegen::Executable::compile(*module, three);
  ASSERT_TRUE(succeeded(a) && succeeded(b) && succeeded(c));
  EXPECT_EQ((*a)->pipelineCount(), 1);
  using sslc::codegen::CompileOptions;
  EXPECT_EQ((*b)->pipelineCount(),
            2 * CompileOptions::kPipelinesPerCompileProcess);
  // Three processes would get nine, but ResNet-20's stages then fall below
  // the least a split pipeline holds.
  EXPECT_GE((*c)->pipelineCount(), (*b)->pipelineCount());
  EXPECT_LT((*c)->pipelineCount(),
            3 * CompileOptions::kPipelinesPerCompileProcess);
  std::mt19937_64 rng(11);
  sslc::Tensor input = randomTensor((*a)->inputShapes()[0], rng);
  sslc::Tensor outA, outB, outC;
  std::string error;
  ASSERT_TRUE((*a)->run({&input}, {&outA}, error)) << error;
  ASSERT_TRUE((*b)->run({&input}, {&outB}, error)) << error;
  ASSERT_TRUE((*c)->run({&input}, {&outC}, error)) << error;
  expectSame(outB, outA, "scores, two pipelines");
  expectSame(outC, outA, "scores, three pipelines");

  OwningOpRef<ModuleOp> lenet = sslc::buildZooModel(&ctx, "lenet", zoo);
  ASSERT_TRUE(lenet);
  auto small = sslc::codegen::Executable::compile(*lenet, two);
  ASSERT_TRUE(succeeded(small));
  EXPECT_EQ((*small)->pipelineCount(), 1);
}

TEST_F(PipelineSplit, TrainStepWithBatchNormAndResidual) {
  sslc::NetworkBuilder b(&ctx, {4, 2, 9, 8}, 2);
  sslc::ConvOptions pad;
  pad.pads = {1, 1, 1, 1};
  Value x = b.relu(b.batchNorm(
      b.conv2d(b.input(), 6, 3, 3, "conv1", pad, /*bias=*/false), "bn1"));
  Value y = b.batchNorm(b.conv2d(x, 6, 3, 3, "conv2", pad, false), "bn2");
  x = b.relu(b.add(x, y));
  sslc::PoolOptions pool;
  x = b.maxPool2d(x, pool);
  x = b.relu(b.dense(b.flatten(x), 12, "fc1"));
  OwningOpRef<ModuleOp> module = b.finish(b.dense(x, 5, "fc2"));

  sslc::DeriveTrainStepPassOptions terms;
  terms.filterLambda = 0.01f;
  terms.channelLambda = 0.02f;
  terms.shapeLambda = 0.03f;
  terms.depthLambda = 0.04f;
  terms.columnLambda = 0.05f;
  terms.momentum = 0.9f;
  terms.weightDecay = 5e-4f;
  PassManager pm(&ctx);
  pm.addPass(sslc::createDeriveTrainStepPass(terms));
  ASSERT_TRUE(succeeded(pm.run(*module)));

  sslc::codegen::TrainStepOptions whole;
  whole.threads = 1;
  whole.maxStagesPerPipeline = 0;
  sslc::codegen::TrainStepOptions split = whole;
  split.maxStagesPerPipeline = 8;
  auto a = sslc::codegen::TrainStep::compile(*module, whole);
  auto c = sslc::codegen::TrainStep::compile(*module, split);
  ASSERT_TRUE(succeeded(a) && succeeded(c));
  EXPECT_EQ((*a)->stepPipelineCount(), 1);
  EXPECT_GT((*c)->stepPipelineCount(), 2);

  std::mt19937_64 rng(9);
  sslc::ModelState state = (*a)->initialState();
  for (auto &[name, t] : state)
    if (name.find("running_var") != std::string::npos)
      for (float &v : t.data)
        v = 0.5f + static_cast<float>(rng() % 100) / 100.0f;
    else
      t = randomTensor(t.shape, rng);
  sslc::ModelState stateA = state, stateC = state;
  const std::vector<int64_t> &batch = (*a)->batchShape();
  for (int s = 0; s < 2; ++s) {
    sslc::Tensor images = randomTensor(batch, rng);
    std::vector<int64_t> labels(batch[0]);
    for (int64_t &l : labels)
      l = static_cast<int64_t>(rng() % 5);
    float lossA = 0, lossC = 0;
    std::string error;
    ASSERT_TRUE((*a)->step(images, labels, 0.05f, stateA, lossA, error))
        << error;
    ASSERT_TRUE((*c)->step(images, labels, 0.05f, stateC, lossC, error))
        << error;
    EXPECT_NEAR(lossC, lossA, 1e-5 * std::fabs(lossA)) << "step " << s;
    for (auto &[name, t] : stateA)
      expectSame(stateC.at(name), t,
                 name + " after step " + std::to_string(s));
    sslc::Tensor scoresA, scoresC;
    ASSERT_TRUE((*a)->infer(images, stateA, scoresA, error)) << error;
    ASSERT_TRUE((*c)->infer(images, stateC, scoresC, error)) << error;
    expectSame(scoresC, scoresA, "inference scores");
  }
}

} // namespace

namespace {

/// `layers` dense layers of 6 features (linear, so the signal neither
/// dies nor saturates with depth).
OwningOpRef<ModuleOp> denseChain(MLIRContext &ctx, int layers) {
  sslc::NetworkBuilder b(&ctx, {2, 6}, layers);
  Value x = b.input();
  for (int i = 0; i < layers; ++i)
    x = b.dense(x, 6, "fc" + std::to_string(i));
  return b.finish({x});
}

// With splitDeepNetworks (what `sslc run` asks for) a network of more than
// kDeepNetworkLayers layers is compiled in several pipelines and computes
// what one pipeline does; a shallower one stays one pipeline.
TEST(PipelineSplitPolicy, DeepNetworksAreSplit) {
  MLIRContext ctx;
  ctx.loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                  ml_program::MLProgramDialect>();
  std::mt19937_64 rng(3);
  const int limit = sslc::codegen::CompileOptions::kDeepNetworkLayers;
  sslc::codegen::CompileOptions split, whole;
  split.splitDeepNetworks = true;
  OwningOpRef<ModuleOp> shallow = denseChain(ctx, limit);
  auto one = sslc::codegen::Executable::compile(*shallow, split);
  ASSERT_TRUE(succeeded(one));
  EXPECT_EQ((*one)->pipelineCount(), 1);

  OwningOpRef<ModuleOp> deep = denseChain(ctx, limit + 1);
  auto a = sslc::codegen::Executable::compile(*deep, split);
  auto b = sslc::codegen::Executable::compile(*deep, whole);
  ASSERT_TRUE(succeeded(a) && succeeded(b));
  EXPECT_GT((*a)->pipelineCount(), 1);
  EXPECT_EQ((*b)->pipelineCount(), 1);
  sslc::Tensor x = randomTensor({2, 6}, rng), ya, yb;
  std::string error;
  ASSERT_TRUE((*a)->run({&x}, {&ya}, error)) << error;
  ASSERT_TRUE((*b)->run({&x}, {&yb}, error)) << error;
  expectSame(ya, yb, "a network split in pipelines");
}

/// The tensors that cross from one pipeline to the next, in order: what
/// each is named, produced by, and shaped as.
std::string crossingSignature(MLIRContext &ctx) {
  sslc::ZooOptions zoo;
  zoo.batch = 16;
  OwningOpRef<ModuleOp> module = sslc::buildZooModel(&ctx, "lenet", zoo);
  EXPECT_TRUE(module);
  sslc::DeriveTrainStepPassOptions terms;
  terms.filterLambda = terms.channelLambda = terms.shapeLambda = 0.001f;
  PassManager pm(&ctx);
  pm.addPass(sslc::createDeriveTrainStepPass(terms));
  EXPECT_TRUE(succeeded(pm.run(*module)));
  auto fn = module->lookupSymbol<func::FuncOp>("train_step");
  EXPECT_TRUE(fn);
  sslc::codegen::LoweringOptions options;
  options.parametersAsInputs = true;
  options.maxStagesPerSegment = 12;
  auto lowered = sslc::codegen::lowerFunction(fn, Halide::get_host_target(),
                                              options);
  EXPECT_TRUE(succeeded(lowered));
  // Halide makes the names of a process unique with a "$N" suffix.
  auto plain = [](const std::string &name) {
    return name.substr(0, name.find('$'));
  };
  std::ostringstream os;
  os << lowered->numSegments << " segments\n";
  for (const sslc::codegen::Intermediate &i : lowered->intermediates) {
    os << i.segment << " " << plain(i.param.name()) << " <- "
       << plain(i.producer.name())
       << (i.scheduled ? " (stored)" : " (copied)") << " [";
    for (int64_t d : i.shape)
      os << d << " ";
    os << "]\n";
  }
  return os.str();
}

// The cut between pipelines is made in program order, not in the order of
// a map keyed by the addresses of values: which tensor is stored and which
// is copied decides how LLVM contracts multiply-adds, so a train step
// lowered in another process (another heap layout) must be the same
// pipelines for `sslc train --resume` to continue bit-identically.
TEST(PipelineSplitPolicy, CutIsTheSameWhereverTheIRLives) {
  std::vector<std::unique_ptr<MLIRContext>> contexts;
  std::vector<std::string> signatures;
  for (int i = 0; i < 6; ++i) {
    contexts.push_back(std::make_unique<MLIRContext>());
    contexts.back()->loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                                 ml_program::MLProgramDialect>();
    // Other allocations in between, so each module lives elsewhere.
    std::vector<std::unique_ptr<char[]>> spacers;
    for (int k = 0; k <= i; ++k)
      spacers.push_back(std::make_unique<char[]>(4096 * (k + 1)));
    signatures.push_back(crossingSignature(*contexts.back()));
  }
  ASSERT_EQ(signatures[0].find("1 segments"), std::string::npos)
      << "the train step is split\n" << signatures[0];
  EXPECT_GT(std::count(signatures[0].begin(), signatures[0].end(), '\n'), 8)
      << "tensors cross the cuts\n" << signatures[0];
  for (size_t i = 1; i < signatures.size(); ++i)
    EXPECT_EQ(signatures[i], signatures[0]) << "module " << i;
}

} // namespace
