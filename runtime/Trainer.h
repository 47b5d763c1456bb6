//===- Trainer.h - the SSL training loop -------------------------*- C++
//-*-===//
//
// Epochs of shuffled mini-batches through a TrainableModel, Caffe's
// multistep or inv learning-rate schedule, per-epoch evaluation (loss, train
// and test error, the live structure of every layer) and a safetensors
// checkpoint per epoch that holds everything a resumed run needs to continue
// bit-identically: parameters, velocities, masks, running statistics, epoch,
// step and the shuffling generator's state.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_RUNTIME_TRAINER_H
#define SSLC_RUNTIME_TRAINER_H

#include "runtime/Datasets.h"
#include "runtime/Safetensors.h"
#include "runtime/TrainableModel.h"

#include <cstdint>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace sslc {

enum class LrPolicy {
  /// Caffe's "multistep", counted in epochs: lr · lrGamma^(number of
  /// `lrSteps` epochs reached).
  Multistep,
  /// Caffe's "inv": lr · (1 + lrInvGamma · step)^(-lrPower), step being the
  /// 0-based global step (Caffe's iter), so a resumed run continues the
  /// same curve.
  Inv,
};

/// A convolution and the batch norm after it, by state tensor name.
struct BlockGroup {
  std::string layer, weight, gamma, beta;
};

struct TrainerOptions {
  int64_t epochs = 1;
  /// Base learning rate.
  float lr = 0.01f;
  LrPolicy lrPolicy = LrPolicy::Multistep;
  /// Multistep: epochs at which the rate is multiplied by `lrGamma`.
  std::vector<int64_t> lrSteps;
  float lrGamma = 0.1f;
  /// Inv: Caffe's LeNet solver uses gamma 1e-4 and power 0.75.
  float lrInvGamma = 1e-4f;
  float lrPower = 0.75f;
  /// Seeds the order of the training samples.
  uint64_t seed = 1;
  /// Written (atomically) after every epoch when not empty.
  std::string checkpointPath;
  /// Steps per epoch at most (0: every whole batch of the training set).
  int64_t maxStepsPerEpoch = 0;
  /// Samples of each set the epoch evaluation reads at most (0: all).
  int64_t maxEvalSamples = 0;
  /// A progress bar redrawn in place (for terminals); otherwise one plain
  /// line per epoch.
  bool progressBar = false;
  /// Residual-branch convolutions and their batch norms (depth_bn groups)
  /// whose norms each epoch reports.
  std::vector<BlockGroup> blocks;
};

/// The norms of one BlockGroup after an epoch.
struct BlockNorms {
  std::string layer;
  double weightNorm = 0, affineNorm = 0; // ‖W‖, ‖(γ, β)‖
  bool isZero() const { return weightNorm == 0 && affineNorm == 0; }
};

/// The norms of `blocks` in `state` (names it lacks count as empty).
std::vector<BlockNorms> blockNorms(const std::vector<BlockGroup> &blocks,
                                   const ModelState &state);

/// "  depth_bn groups at zero: 1 of 2" and one line per block:
/// "  layer1.0.conv1: ‖W‖ 0.5312, ‖(γ, β)‖ 4.1, zero".
std::string formatBlocks(const std::vector<BlockNorms> &blocks);

/// What is left of one weight: groups with a nonzero element.
struct LayerStructure {
  std::string name;
  std::vector<int64_t> shape;
  /// Convolution [O, C, KH, KW]: filters O, channels C, columns C·KH·KW
  /// (filter-shape groups). Dense [M, K]: rows M as filters, columns K as
  /// channels and columns.
  int64_t filters = 0, liveFilters = 0;
  int64_t channels = 0, liveChannels = 0;
  int64_t columns = 0, liveColumns = 0;
};

/// The structure of every convolution and dense weight ("*.weight" of rank
/// 4 or 2) in `state`.
std::vector<LayerStructure> liveStructure(const ModelState &state);

struct EpochReport {
  int64_t epoch = 0; // 1-based
  int64_t steps = 0; // steps so far, all epochs
  /// The learning rate of the epoch's first and last step (equal under the
  /// multistep policy).
  float lr = 0, lastLr = 0;
  double meanLoss = 0;
  double trainError = 0, testError = 0; // fractions
  double seconds = 0;
  std::vector<LayerStructure> layers;
  std::vector<BlockNorms> blocks;
};

class Trainer {
public:
  /// `model`, `train` and `test` must outlive the trainer.
  Trainer(TrainableModel &model, const Dataset &train, const Dataset &test,
          const TrainerOptions &options);

  /// Replaces parameters of the state by those of `file` (same names and
  /// shapes; names absent from the file keep their values). Fails on a
  /// name the model does not have or a shape mismatch.
  bool loadParameters(const TensorFile &file, std::string &error);

  /// Continues from a checkpoint written by this trainer.
  bool resume(const std::string &path, std::string &error);

  /// Runs the remaining epochs; `onEpoch` sees each epoch's report after
  /// its checkpoint is written.
  bool run(std::ostream &log, std::string &error,
           const std::function<void(const EpochReport &)> &onEpoch = {});

  const ModelState &state() const { return current; }
  int64_t epoch() const { return epochsDone; }
  int64_t step() const { return stepsDone; }

  /// The learning rate of the step after `step` steps (0-based global step
  /// count) in 0-based epoch `epoch`. The multistep policy reads only
  /// `epoch`, the inv policy only `step`.
  float learningRate(int64_t epoch, int64_t step = 0) const;

  /// The checkpoint of the current state.
  TensorFile checkpoint() const;

private:
  bool evaluate(const Dataset &data, double &error, std::string &message);
  /// Copies samples `indices` into a batch of the model's shape.
  void fillBatch(const Dataset &data, const int64_t *indices, int64_t count,
                 Tensor &images, std::vector<int64_t> &labels) const;

  TrainableModel &model;
  const Dataset &train;
  const Dataset &test;
  TrainerOptions options;
  ModelState current;
  std::mt19937_64 rng;
  int64_t epochsDone = 0;
  int64_t stepsDone = 0;
};

/// One line per layer: "conv1 [20, 1, 5, 5]: filters 20/20, channels 1/1,
/// columns 25/25".
std::string formatStructure(const std::vector<LayerStructure> &layers);

} // namespace sslc

#endif
