//===- TrainerTest.cpp - the training loop on a compiled train step -------===//
//
// The trainer driving a real compiled step (a small MLP) on a synthetic,
// learnable data set: the multistep and inv learning-rate schedules,
// live-structure counts, checkpoint contents, that training learns, and
// that a run interrupted after an epoch and resumed from its checkpoint
// ends bit-identical to an uninterrupted one under either schedule.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include "codegen/Codegen.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "frontends/Builder.h"
#include "passes/Passes.h"
#include "runtime/Trainer.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <sstream>

using namespace mlir;

namespace {

/// Ten classes of 16-value samples: class k has a bump at positions k and
/// k + 6 over uniform noise, so a small MLP separates them.
sslc::Dataset syntheticData(int64_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> noise(0.0f, 0.5f);
  sslc::Dataset d;
  d.images = sslc::Tensor({n, 1, 4, 4});
  d.labels.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t k = static_cast<int64_t>(rng() % 10);
    d.labels[i] = k;
    float *x = d.images.data.data() + i * 16;
    for (int j = 0; j < 16; ++j)
      x[j] = noise(rng);
    x[k] += 1.0f;
    x[k + 6] += 1.0f;
  }
  return d;
}

class TrainerTest : public ::testing::Test {
protected:
  TrainerTest() {
    ctx.loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                    ml_program::MLProgramDialect>();
  }

  std::unique_ptr<sslc::codegen::TrainStep> compileMlp() {
    sslc::NetworkBuilder b(&ctx, {8, 16}, 7);
    Value x = b.relu(b.dense(b.input(), 12, "ip1"));
    module = b.finish(b.dense(x, 10, "ip2"));
    sslc::DeriveTrainStepPassOptions o;
    o.rowLambda = 1e-3f;
    o.columnLambda = 1e-3f;
    o.weightDecay = 1e-4f;
    PassManager pm(&ctx);
    pm.addPass(sslc::createDeriveTrainStepPass(o));
    EXPECT_TRUE(succeeded(pm.run(*module)));
    auto step = sslc::codegen::TrainStep::compile(
        *module, sslc::codegen::TrainStepOptions());
    EXPECT_TRUE(succeeded(step));
    return std::move(*step);
  }

  MLIRContext ctx;
  OwningOpRef<ModuleOp> module;
};

/// A model for schedule tests, which never step.
struct NoModel : sslc::TrainableModel {
  std::vector<int64_t> shape{1, 1};
  sslc::ModelState state;
  const std::vector<int64_t> &batchShape() const override { return shape; }
  const sslc::ModelState &initialState() const override { return state; }
  bool step(const sslc::Tensor &, const std::vector<int64_t> &, float,
            sslc::ModelState &, float &, std::string &) override {
    return false;
  }
  bool infer(const sslc::Tensor &, const sslc::ModelState &, sslc::Tensor &,
             std::string &) override {
    return false;
  }
};

TEST(TrainerSchedule, MultistepLearningRate) {
  sslc::Dataset none;
  NoModel model;
  sslc::TrainerOptions o;
  o.lr = 0.1f;
  o.lrSteps = {2, 5};
  o.lrGamma = 0.5f;
  sslc::Trainer trainer(model, none, none, o);
  EXPECT_FLOAT_EQ(trainer.learningRate(0), 0.1f);
  EXPECT_FLOAT_EQ(trainer.learningRate(1), 0.1f);
  EXPECT_FLOAT_EQ(trainer.learningRate(2), 0.05f);
  EXPECT_FLOAT_EQ(trainer.learningRate(4), 0.05f);
  EXPECT_FLOAT_EQ(trainer.learningRate(5), 0.025f);
  // The step count does not matter to multistep.
  EXPECT_FLOAT_EQ(trainer.learningRate(1, 100000), 0.1f);
}

TEST(TrainerSchedule, InvLearningRate) {
  sslc::Dataset none;
  NoModel model;
  sslc::TrainerOptions o;
  o.lr = 0.01f;
  o.lrPolicy = sslc::LrPolicy::Inv;
  o.lrInvGamma = 1e-4f;
  o.lrPower = 0.75f;
  sslc::Trainer trainer(model, none, none, o);
  // Caffe's LeNet solver: base_lr 0.01, gamma 1e-4, power 0.75.
  for (int64_t iter : {0, 1, 100, 937, 5000, 9999, 10000}) {
    double expected = 0.01 * std::pow(1.0 + 1e-4 * double(iter), -0.75);
    EXPECT_FLOAT_EQ(trainer.learningRate(0, iter), float(expected)) << iter;
    // The epoch does not matter to inv, only the global step.
    EXPECT_EQ(trainer.learningRate(7, iter), trainer.learningRate(0, iter));
  }
  EXPECT_FLOAT_EQ(trainer.learningRate(0, 0), 0.01f);
  // 0.01 * 2^-0.75 at iteration 10 000.
  EXPECT_NEAR(trainer.learningRate(0, 10000), 0.0059460356, 1e-9);
  o.lrInvGamma = 0.5f;
  o.lrPower = 1.0f;
  sslc::Trainer other(model, none, none, o);
  EXPECT_FLOAT_EQ(other.learningRate(0, 2), 0.005f);
  EXPECT_FLOAT_EQ(other.learningRate(0, 6), 0.0025f);
}

TEST(TrainerStructure, CountsGroupsWithANonzeroElement) {
  sslc::ModelState state;
  sslc::Tensor conv({3, 2, 2, 2});      // filters 0 and 2 live, channel 1 dead
  conv.data[0 * 8 + 0 * 4 + 3] = 1.0f;  // (o 0, c 0, tap 3)
  conv.data[2 * 8 + 0 * 4 + 1] = -2.0f; // (o 2, c 0, tap 1)
  state["conv1.weight"] = conv;
  sslc::Tensor dense({4, 5}); // rows 1, 3 and columns 0, 4 live
  dense.data[1 * 5 + 0] = 0.5f;
  dense.data[3 * 5 + 4] = 0.25f;
  state["ip1.weight"] = dense;
  state["bn1.weight"] = sslc::Tensor({3}); // not a conv or dense weight
  std::vector<sslc::LayerStructure> layers = sslc::liveStructure(state);
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].name, "conv1");
  EXPECT_EQ(layers[0].liveFilters, 2);
  EXPECT_EQ(layers[0].filters, 3);
  EXPECT_EQ(layers[0].liveChannels, 1);
  EXPECT_EQ(layers[0].liveColumns, 2);
  EXPECT_EQ(layers[0].columns, 8);
  EXPECT_EQ(layers[1].name, "ip1");
  EXPECT_EQ(layers[1].liveFilters, 2);
  EXPECT_EQ(layers[1].liveColumns, 2);
  EXPECT_EQ(layers[1].columns, 5);
  EXPECT_NE(sslc::formatStructure(layers).find(
                "conv1 [3, 2, 2, 2]: filters 2/3, channels 1/2, columns 2/8"),
            std::string::npos);
}

TEST_F(TrainerTest, LearnsASeparableProblem) {
  auto step = compileMlp();
  ASSERT_TRUE(step);
  sslc::Dataset train = syntheticData(400, 1), test = syntheticData(200, 2);
  sslc::TrainerOptions o;
  o.epochs = 8;
  o.lr = 0.1f;
  sslc::Trainer trainer(*step, train, test, o);
  std::ostringstream log;
  std::string error;
  std::vector<sslc::EpochReport> reports;
  ASSERT_TRUE(trainer.run(log, error, [&](const sslc::EpochReport &r) {
    reports.push_back(r);
  })) << error;
  ASSERT_EQ(reports.size(), 8u);
  EXPECT_EQ(reports.back().steps, 8 * (400 / 8));
  EXPECT_LT(reports.back().meanLoss, reports.front().meanLoss);
  EXPECT_LT(reports.back().testError, 0.05) << log.str();
  EXPECT_NE(log.str().find("epoch 8/8: loss "), std::string::npos);
  EXPECT_NE(log.str().find("ip1 [12, 16]: rows "), std::string::npos);
}

/// Runs 3 epochs straight and 1 + 2 epochs through a checkpoint under the
/// schedule of `o` and expects the same bits.
void expectResumeIsBitIdentical(sslc::codegen::TrainStep &stepFn,
                                sslc::TrainerOptions o) {
  sslc::codegen::TrainStep *step = &stepFn;
  // Two steps per epoch, evaluation on a few samples: tiny epochs.
  sslc::Dataset train = syntheticData(20, 3), test = syntheticData(8, 4);
  std::string dir = sslc::test::makeTempDir();
  o.seed = 11;
  o.maxStepsPerEpoch = 2;
  std::ostringstream log;
  std::string error;

  o.epochs = 3;
  o.checkpointPath.clear();
  sslc::Trainer straight(*step, train, test, o);
  ASSERT_TRUE(straight.run(log, error)) << error;

  o.epochs = 1;
  o.checkpointPath = dir + "/ckpt.safetensors";
  sslc::Trainer first(*step, train, test, o);
  ASSERT_TRUE(first.run(log, error)) << error;

  sslc::TensorFile saved;
  ASSERT_TRUE(sslc::readSafetensors(o.checkpointPath, saved, error)) << error;
  EXPECT_EQ(saved.int64Tensors.at("trainer.epoch").data,
            std::vector<int64_t>{1});
  EXPECT_EQ(saved.int64Tensors.at("trainer.step").data,
            std::vector<int64_t>{2});
  EXPECT_EQ(saved.int64Tensors.at("trainer.rng").data.size(), 313u);
  EXPECT_TRUE(saved.tensors.count("ip1.weight.momentum_buffer"));

  o.epochs = 3;
  o.checkpointPath.clear();
  sslc::Trainer resumed(*step, train, test, o);
  ASSERT_TRUE(resumed.resume(dir + "/ckpt.safetensors", error)) << error;
  EXPECT_EQ(resumed.epoch(), 1);
  ASSERT_TRUE(resumed.run(log, error)) << error;

  EXPECT_EQ(resumed.epoch(), straight.epoch());
  EXPECT_EQ(resumed.step(), straight.step());
  ASSERT_EQ(resumed.state().size(), straight.state().size());
  for (const auto &[name, t] : straight.state()) {
    const sslc::Tensor &r = resumed.state().at(name);
    ASSERT_EQ(r.shape, t.shape) << name;
    // Bit for bit, not approximately.
    EXPECT_EQ(0, std::memcmp(r.data.data(), t.data.data(),
                             t.data.size() * sizeof(float)))
        << name;
  }
  // The parameters did move: the comparison is not between two initial
  // states.
  EXPECT_NE(0, std::memcmp(straight.state().at("ip1.weight").data.data(),
                           step->initialState().at("ip1.weight").data.data(),
                           12 * 16 * sizeof(float)));
}

TEST_F(TrainerTest, ResumedRunIsBitIdenticalToUninterrupted) {
  auto step = compileMlp();
  ASSERT_TRUE(step);
  sslc::TrainerOptions o;
  o.lr = 0.05f;
  o.lrSteps = {2};
  expectResumeIsBitIdentical(*step, o);
}

TEST_F(TrainerTest, ResumedRunUnderInvScheduleIsBitIdentical) {
  auto step = compileMlp();
  ASSERT_TRUE(step);
  sslc::TrainerOptions o;
  o.lr = 0.05f;
  o.lrPolicy = sslc::LrPolicy::Inv;
  // Large enough that every step has its own rate.
  o.lrInvGamma = 0.1f;
  o.lrPower = 0.75f;
  expectResumeIsBitIdentical(*step, o);
}

TEST_F(TrainerTest, InvScheduleEpochReportsTheRatesInUse) {
  auto step = compileMlp();
  ASSERT_TRUE(step);
  sslc::Dataset train = syntheticData(32, 6), test = syntheticData(8, 7);
  sslc::TrainerOptions o;
  o.epochs = 2;
  o.lr = 0.05f;
  o.lrPolicy = sslc::LrPolicy::Inv;
  o.lrInvGamma = 0.1f;
  o.lrPower = 1.0f;
  sslc::Trainer trainer(*step, train, test, o); // 4 steps per epoch
  std::ostringstream log;
  std::string error;
  std::vector<sslc::EpochReport> reports;
  ASSERT_TRUE(trainer.run(log, error, [&](const sslc::EpochReport &r) {
    reports.push_back(r);
  })) << error;
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_FLOAT_EQ(reports[0].lr, 0.05f);            // step 0
  EXPECT_FLOAT_EQ(reports[0].lastLr, 0.05f / 1.3f); // step 3
  EXPECT_FLOAT_EQ(reports[1].lr, 0.05f / 1.4f);     // step 4
  EXPECT_FLOAT_EQ(reports[1].lastLr, 0.05f / 1.7f); // step 7
  EXPECT_NE(log.str().find("lr 0.05 -> 0.03846, "), std::string::npos)
      << log.str();
}

TEST_F(TrainerTest, ResumeRejectsAFileWithoutTrainerState) {
  auto step = compileMlp();
  ASSERT_TRUE(step);
  sslc::Dataset data = syntheticData(16, 5);
  std::string path = sslc::test::makeTempDir() + "/weights.safetensors";
  sslc::TensorFile weights;
  weights.tensors = step->initialState();
  std::string error;
  ASSERT_TRUE(sslc::writeSafetensors(path, weights, error)) << error;
  sslc::Trainer trainer(*step, data, data, sslc::TrainerOptions());
  EXPECT_FALSE(trainer.resume(path, error));
  EXPECT_NE(error.find("not a training checkpoint (no 'trainer.epoch')"),
            std::string::npos)
      << error;
}

} // namespace
