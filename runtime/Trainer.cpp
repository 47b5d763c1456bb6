//===- Trainer.cpp - the SSL training loop --------------------------------===//
#include "runtime/Trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace sslc {
namespace {

constexpr const char *kEpochKey = "trainer.epoch";
constexpr const char *kStepKey = "trainer.step";
constexpr const char *kRngKey = "trainer.rng";

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The generator's state as the numbers its standard stream form holds
/// (the 312 words and the position), stored bit for bit as int64.
std::vector<int64_t> rngState(const std::mt19937_64 &rng) {
  std::ostringstream os;
  os << rng;
  std::istringstream is(os.str());
  std::vector<int64_t> words;
  unsigned long long w;
  while (is >> w)
    words.push_back(static_cast<int64_t>(w));
  return words;
}

bool setRngState(std::mt19937_64 &rng, const std::vector<int64_t> &words) {
  std::ostringstream os;
  for (size_t i = 0; i < words.size(); ++i)
    os << (i ? " " : "") << static_cast<unsigned long long>(words[i]);
  std::istringstream is(os.str());
  std::mt19937_64 restored;
  is >> restored;
  if (is.fail())
    return false;
  rng = restored;
  return true;
}

int64_t argmax(const float *row, int64_t k) {
  return std::max_element(row, row + k) - row;
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * fraction);
  return buf;
}

/// "0.01", or "0.00932 -> 0.00868" when the rate changed within the epoch.
std::string formatLr(float first, float last) {
  char buf[64];
  if (first == last)
    std::snprintf(buf, sizeof buf, "%g", first);
  else
    std::snprintf(buf, sizeof buf, "%.4g -> %.4g", first, last);
  return buf;
}

} // namespace

std::vector<LayerStructure> liveStructure(const ModelState &state) {
  std::vector<LayerStructure> layers;
  for (const auto &[name, t] : state) {
    if (!endsWith(name, ".weight") || (t.rank() != 4 && t.rank() != 2))
      continue;
    LayerStructure l;
    l.name = name.substr(0, name.size() - 7);
    l.shape = t.shape;
    const int64_t O = t.shape[0], C = t.shape[1];
    const int64_t taps = t.rank() == 4 ? t.shape[2] * t.shape[3] : 1;
    std::vector<bool> filter(O), channel(C), column(C * taps);
    for (int64_t o = 0; o < O; ++o)
      for (int64_t c = 0; c < C; ++c)
        for (int64_t k = 0; k < taps; ++k)
          if (t.data[(o * C + c) * taps + k] != 0.0f) {
            filter[o] = true;
            channel[c] = true;
            column[c * taps + k] = true;
          }
    l.filters = O;
    l.channels = C;
    l.columns = C * taps;
    l.liveFilters = std::count(filter.begin(), filter.end(), true);
    l.liveChannels = std::count(channel.begin(), channel.end(), true);
    l.liveColumns = std::count(column.begin(), column.end(), true);
    layers.push_back(l);
  }
  return layers;
}

std::string formatStructure(const std::vector<LayerStructure> &layers) {
  std::string s;
  for (const LayerStructure &l : layers) {
    s += "  " + l.name + " " + shapeToString(l.shape) + ": ";
    if (l.shape.size() == 4)
      s += "filters " + std::to_string(l.liveFilters) + "/" +
           std::to_string(l.filters) + ", channels " +
           std::to_string(l.liveChannels) + "/" + std::to_string(l.channels) +
           ", columns " + std::to_string(l.liveColumns) + "/" +
           std::to_string(l.columns);
    else
      s += "rows " + std::to_string(l.liveFilters) + "/" +
           std::to_string(l.filters) + ", columns " +
           std::to_string(l.liveColumns) + "/" + std::to_string(l.columns);
    s += "\n";
  }
  return s;
}

std::vector<BlockNorms> blockNorms(const std::vector<BlockGroup> &blocks,
                                   const ModelState &state) {
  auto squares = [&](const std::string &name) {
    double sum = 0;
    auto it = state.find(name);
    if (it != state.end())
      for (float v : it->second.data)
        sum += double(v) * double(v);
    return sum;
  };
  std::vector<BlockNorms> norms;
  for (const BlockGroup &b : blocks)
    norms.push_back({b.layer, std::sqrt(squares(b.weight)),
                     std::sqrt(squares(b.gamma) + squares(b.beta))});
  return norms;
}

std::string formatBlocks(const std::vector<BlockNorms> &blocks) {
  if (blocks.empty())
    return "";
  int64_t zero = std::count_if(blocks.begin(), blocks.end(),
                               [](const BlockNorms &b) { return b.isZero(); });
  std::string s = "  depth_bn groups at zero: " + std::to_string(zero) +
                  " of " + std::to_string(blocks.size()) + "\n";
  for (const BlockNorms &b : blocks) {
    char line[256];
    std::snprintf(line, sizeof line, "    %s: ‖W‖ %.4g, ‖(γ, β)‖ %.4g%s\n",
                  b.layer.c_str(), b.weightNorm, b.affineNorm,
                  b.isZero() ? ", zero" : "");
    s += line;
  }
  return s;
}

Trainer::Trainer(TrainableModel &model, const Dataset &train,
                 const Dataset &test, const TrainerOptions &options)
    : model(model), train(train), test(test), options(options),
      current(model.initialState()), rng(options.seed) {}

float Trainer::learningRate(int64_t epoch, int64_t step) const {
  if (options.lrPolicy == LrPolicy::Inv)
    return static_cast<float>(
        double(options.lr) *
        std::pow(1.0 + double(options.lrInvGamma) * double(step),
                 -double(options.lrPower)));
  float lr = options.lr;
  for (int64_t at : options.lrSteps)
    if (epoch >= at)
      lr *= options.lrGamma;
  return lr;
}

bool Trainer::loadParameters(const TensorFile &file, std::string &error) {
  for (const auto &[name, t] : file.tensors) {
    auto it = current.find(name);
    if (it == current.end()) {
      error = "the model has no parameter '" + name + "'";
      return false;
    }
    if (it->second.shape != t.shape) {
      error = "parameter '" + name + "' expects shape " +
              shapeToString(it->second.shape) + ", found " +
              shapeToString(t.shape);
      return false;
    }
    it->second = t;
  }
  return true;
}

TensorFile Trainer::checkpoint() const {
  TensorFile file;
  file.tensors = current;
  file.int64Tensors[kEpochKey] = {{1}, {epochsDone}};
  file.int64Tensors[kStepKey] = {{1}, {stepsDone}};
  std::vector<int64_t> words = rngState(rng);
  file.int64Tensors[kRngKey] = {{static_cast<int64_t>(words.size())}, words};
  file.metadata["format"] = "sslc-checkpoint";
  file.metadata["seed"] = std::to_string(options.seed);
  return file;
}

bool Trainer::resume(const std::string &path, std::string &error) {
  TensorFile file;
  if (!readSafetensors(path, file, error))
    return false;
  for (const char *key : {kEpochKey, kStepKey, kRngKey})
    if (!file.int64Tensors.count(key) ||
        file.int64Tensors.at(key).data.empty()) {
      error = path + ": not a training checkpoint (no '" + key + "')";
      return false;
    }
  // A negative count would run epochs until it wrapped around.
  for (const char *key : {kEpochKey, kStepKey})
    if (int64_t v = file.int64Tensors.at(key).data[0]; v < 0) {
      error = path + ": checkpoint's '" + key + "' is " + std::to_string(v) +
              ", expected a count >= 0";
      return false;
    }
  for (const auto &[name, t] : current)
    if (!file.tensors.count(name)) {
      error = path + ": checkpoint has no tensor '" + name + "'";
      return false;
    }
  if (!loadParameters(file, error)) {
    error = path + ": " + error;
    return false;
  }
  if (!setRngState(rng, file.int64Tensors.at(kRngKey).data)) {
    error = path + ": unreadable generator state in '" + kRngKey + "'";
    return false;
  }
  epochsDone = file.int64Tensors.at(kEpochKey).data[0];
  stepsDone = file.int64Tensors.at(kStepKey).data[0];
  return true;
}

void Trainer::fillBatch(const Dataset &data, const int64_t *indices,
                        int64_t count, Tensor &images,
                        std::vector<int64_t> &labels) const {
  const std::vector<int64_t> &shape = model.batchShape();
  if (images.shape != shape)
    images = Tensor(shape);
  const int64_t batch = shape[0];
  const int64_t sample = images.numElements() / batch;
  labels.assign(batch, 0);
  for (int64_t i = 0; i < batch; ++i) {
    float *dst = images.data.data() + i * sample;
    if (i >= count) { // padding of a last partial batch
      std::fill(dst, dst + sample, 0.0f);
      continue;
    }
    std::copy_n(data.images.data.data() + indices[i] * sample, sample, dst);
    labels[i] = data.labels[indices[i]];
  }
}

bool Trainer::evaluate(const Dataset &data, double &error,
                       std::string &message) {
  const int64_t batch = model.batchShape()[0];
  int64_t n = data.size();
  if (options.maxEvalSamples > 0)
    n = std::min(n, options.maxEvalSamples);
  std::vector<int64_t> indices(n);
  for (int64_t i = 0; i < n; ++i)
    indices[i] = i;
  Tensor images, scores;
  std::vector<int64_t> labels;
  int64_t wrong = 0;
  for (int64_t start = 0; start < n; start += batch) {
    int64_t count = std::min(batch, n - start);
    fillBatch(data, indices.data() + start, count, images, labels);
    if (!model.infer(images, current, scores, message))
      return false;
    const int64_t k = scores.shape[1];
    for (int64_t i = 0; i < count; ++i)
      wrong += argmax(scores.data.data() + i * k, k) != labels[i];
  }
  error = n ? static_cast<double>(wrong) / static_cast<double>(n) : 0.0;
  return true;
}

bool Trainer::run(std::ostream &log, std::string &error,
                  const std::function<void(const EpochReport &)> &onEpoch) {
  const std::vector<int64_t> &shape = model.batchShape();
  const int64_t batch = shape[0];
  int64_t sample = 1;
  for (size_t d = 1; d < shape.size(); ++d)
    sample *= shape[d];
  for (const Dataset *d : {&train, &test})
    if (d->size() > 0 && d->images.numElements() / d->size() != sample) {
      error = "the model takes samples of " + std::to_string(sample) +
              " values (batch shape " + shapeToString(shape) +
              "), the data set has " +
              std::to_string(d->images.numElements() / d->size());
      return false;
    }
  int64_t steps = train.size() / batch;
  if (options.maxStepsPerEpoch > 0)
    steps = std::min(steps, options.maxStepsPerEpoch);
  if (steps == 0) {
    error = "the training set (" + std::to_string(train.size()) +
            " samples) holds no whole batch of " + std::to_string(batch);
    return false;
  }

  Tensor images;
  std::vector<int64_t> labels;
  for (; epochsDone < options.epochs;) {
    auto start = std::chrono::steady_clock::now();
    const float firstLr = learningRate(epochsDone, stepsDone);
    float lr = firstLr;
    std::vector<int64_t> order = shuffledIndices(train.size(), rng);
    double lossSum = 0;
    for (int64_t s = 0; s < steps; ++s) {
      fillBatch(train, order.data() + s * batch, batch, images, labels);
      lr = learningRate(epochsDone, stepsDone);
      float loss = 0;
      if (!model.step(images, labels, lr, current, loss, error))
        return false;
      if (!std::isfinite(loss)) {
        error = "the loss diverged (" + std::to_string(loss) + ") at step " +
                std::to_string(stepsDone + 1) + "; try a smaller --lr";
        return false;
      }
      lossSum += loss;
      ++stepsDone;
      if (options.progressBar && (s % 10 == 9 || s + 1 == steps)) {
        constexpr int kWidth = 30;
        int filled = static_cast<int>(kWidth * (s + 1) / steps);
        log << "\repoch " << epochsDone + 1 << "/" << options.epochs << " ["
            << std::string(filled, '=') << std::string(kWidth - filled, ' ')
            << "] " << s + 1 << "/" << steps << " loss "
            << lossSum / double(s + 1) << std::flush;
      }
    }
    if (options.progressBar)
      log << "\r" << std::string(80, ' ') << "\r";
    ++epochsDone;

    EpochReport report;
    report.epoch = epochsDone;
    report.steps = stepsDone;
    report.lr = firstLr;
    report.lastLr = lr;
    report.meanLoss = lossSum / static_cast<double>(steps);
    if (!evaluate(train, report.trainError, error) ||
        !evaluate(test, report.testError, error))
      return false;
    report.layers = liveStructure(current);
    report.blocks = blockNorms(options.blocks, current);
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    if (!options.checkpointPath.empty() &&
        !writeSafetensors(options.checkpointPath, checkpoint(), error))
      return false;
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.1f", report.seconds);
    log << "epoch " << report.epoch << "/" << options.epochs << ": loss "
        << report.meanLoss << ", train error " << percent(report.trainError)
        << ", test error " << percent(report.testError) << ", lr "
        << formatLr(report.lr, report.lastLr) << ", " << seconds << " s\n"
        << formatStructure(report.layers) << formatBlocks(report.blocks)
        << std::flush;
    if (onEpoch)
      onEpoch(report);
  }
  return true;
}

} // namespace sslc
