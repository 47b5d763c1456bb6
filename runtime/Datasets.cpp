//===- Datasets.cpp - image classification data sets ----------------------===//
#include "runtime/Datasets.h"
#include "runtime/FileUtil.h"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sslc {
namespace {

bool fail(std::string &error, const std::string &name, const std::string &msg) {
  error = name + ": " + msg;
  return false;
}

bool fileExists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// Inflates one or more concatenated gzip members (gzip allows several),
/// stopping with an error once the output passes `limit(out)` bytes: a
/// small file must not inflate to gigabytes its contents never claimed.
bool gunzip(const std::string &in, const std::string &name, std::string &out,
            std::string &error, const GzipLimit &limit) {
  // zlib counts input in 32-bit uInt; idx files are far smaller.
  if (in.size() > std::numeric_limits<uInt>::max())
    return fail(error, name, "gzip file larger than 4 GiB is not supported");
  z_stream s;
  std::memset(&s, 0, sizeof(s));
  if (inflateInit2(&s, 15 + 16) != Z_OK)
    return fail(error, name, "cannot initialize zlib");
  s.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  out.clear();
  // The trailer's ISIZE (size mod 2^32) is a good first guess; deflate
  // cannot expand more than 1032:1, which bounds a corrupt trailer.
  if (in.size() >= 4) {
    uint64_t isize = 0;
    for (int i = 0; i < 4; ++i)
      isize |= static_cast<uint64_t>(
                   static_cast<unsigned char>(in[in.size() - 4 + i]))
               << (8 * i);
    out.reserve(std::min<uint64_t>(
        {isize, 1032 * uint64_t(in.size()), limit(out).bytes}));
  }
  constexpr size_t kChunk = 1 << 20;
  for (;;) {
    size_t used = out.size();
    out.resize(used + kChunk);
    s.next_out = reinterpret_cast<Bytef *>(&out[used]);
    s.avail_out = static_cast<uInt>(kChunk);
    int rc = inflate(&s, Z_NO_FLUSH);
    out.resize(used + (kChunk - s.avail_out));
    GzipBound bound = limit(out);
    if (out.size() > bound.bytes) {
      inflateEnd(&s);
      out.clear();
      if (!bound.error.empty()) {
        error = bound.error;
        return false;
      }
      return fail(error, name,
                  "gzip data inflates to more than the " +
                      std::to_string(bound.bytes) + " bytes " + bound.what);
    }
    if (rc == Z_STREAM_END && s.avail_in == 0)
      break;
    if (rc == Z_STREAM_END)
      rc = inflateReset(&s); // the next member
    if (rc == Z_BUF_ERROR && s.avail_in == 0) {
      inflateEnd(&s);
      return fail(error, name,
                  "truncated gzip data (stream ends after " +
                      std::to_string(out.size()) + " inflated bytes)");
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      std::string msg = s.msg ? s.msg : "zlib error " + std::to_string(rc);
      inflateEnd(&s);
      return fail(error, name, "corrupt gzip data: " + msg);
    }
  }
  inflateEnd(&s);
  return true;
}

uint32_t readBigEndian32(const std::string &bytes, size_t pos) {
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i)
    v = (v << 8) | static_cast<unsigned char>(bytes[pos + i]);
  return v;
}

/// Checks an idx header with `rank` dimensions and the payload size it
/// implies; returns the dimensions.
bool parseIdxHeader(const std::string &bytes, const std::string &name,
                    uint32_t expectedMagic, const char *what, size_t rank,
                    std::vector<int64_t> &dims, std::string &error) {
  size_t headerSize = 4 + 4 * rank;
  if (bytes.size() < 4)
    return fail(error, name,
                "truncated: expected a 4-byte idx magic number, found " +
                    std::to_string(bytes.size()) + " bytes");
  uint32_t magic = readBigEndian32(bytes, 0);
  if (magic != expectedMagic)
    return fail(error, name,
                "expected idx magic " + std::to_string(expectedMagic) + " (" +
                    what + "), found " + std::to_string(magic));
  if (bytes.size() < headerSize)
    return fail(error, name,
                "truncated: expected a " + std::to_string(headerSize) +
                    "-byte idx header, found " + std::to_string(bytes.size()) +
                    " bytes");
  dims.clear();
  uint64_t payload = 1;
  for (size_t i = 0; i < rank; ++i) {
    uint32_t d = readBigEndian32(bytes, 4 + 4 * i);
    if (d != 0 && payload > std::numeric_limits<uint64_t>::max() / d)
      return fail(error, name, "idx dimensions overflow 64-bit sizes");
    payload *= d;
    dims.push_back(d);
  }
  uint64_t found = bytes.size() - headerSize;
  if (found < payload)
    return fail(error, name,
                "truncated: expected " + std::to_string(payload) +
                    " data bytes for dimensions " + shapeToString(dims) +
                    ", found " + std::to_string(found));
  if (found > payload)
    return fail(error, name,
                "expected " + std::to_string(payload) +
                    " data bytes for dimensions " + shapeToString(dims) +
                    ", found " + std::to_string(found) + " (trailing bytes)");
  return true;
}

/// The inflated size an idx file may reach: its header's size plus the
/// payload its dimensions declare (once the header is in), never more
/// than the memory ceiling.
GzipLimit idxLimit(uint32_t expectedMagic, size_t rank) {
  return [=](const std::string &out) {
    GzipBound bound;
    ByteLimit ceiling = maxTensorBytes();
    bound.bytes = ceiling.bytes;
    bound.error = ceiling.error;
    bound.what = "of the memory limit (SSLC_MAX_TENSOR_BYTES raises it)";
    size_t headerSize = 4 + 4 * rank;
    if (out.size() < headerSize)
      return bound;
    // A wrong magic number is reported by the header check; the data after
    // it is not needed for that.
    if (readBigEndian32(out, 0) != expectedMagic) {
      bound.bytes = headerSize;
      bound.error.clear();
      return bound;
    }
    uint64_t total = 1;
    for (size_t i = 0; i < rank; ++i)
      if (!checkedMul(total, readBigEndian32(out, 4 + 4 * i), total))
        total = std::numeric_limits<uint64_t>::max() - headerSize;
    total += headerSize;
    if (total < bound.bytes) {
      bound.bytes = total;
      bound.error.clear();
      bound.what = "its idx header declares";
    }
    return bound;
  };
}

/// Resolves `dir`/`base`, accepting a gzip-compressed copy named `base`.gz.
bool findIdxFile(const std::string &dir, const std::string &base,
                 std::string &path, std::string &error) {
  std::string plain = dir + "/" + base;
  if (fileExists(plain)) {
    path = plain;
    return true;
  }
  if (fileExists(plain + ".gz")) {
    path = plain + ".gz";
    return true;
  }
  return fail(error, plain, "not found (nor " + base + ".gz)");
}

bool checkLabels(const std::vector<int64_t> &labels, const std::string &name,
                 std::string &error) {
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] < 0 || labels[i] >= kNumClasses)
      return fail(error, name,
                  "label " + std::to_string(labels[i]) + " of sample " +
                      std::to_string(i) + " is outside [0, " +
                      std::to_string(kNumClasses) + ")");
  return true;
}

/// Draws uniformly from [0, bound) without modulo bias: values below
/// 2^64 mod bound are rejected so the rest split evenly.
uint64_t uniformBelow(std::mt19937_64 &rng, uint64_t bound) {
  uint64_t threshold = (0 - bound) % bound;
  for (;;) {
    uint64_t x = rng();
    if (x >= threshold)
      return x % bound;
  }
}

} // namespace

bool readMaybeGzipped(const std::string &path, std::string &bytes,
                      std::string &error) {
  return readMaybeGzipped(path, bytes, error, [](const std::string &) {
    GzipBound bound;
    ByteLimit ceiling = maxTensorBytes();
    bound.bytes = ceiling.bytes;
    bound.error = ceiling.error;
    bound.what = "of the memory limit (SSLC_MAX_TENSOR_BYTES raises it)";
    return bound;
  });
}

bool inflateIfGzipped(const std::string &raw, const std::string &name,
                      std::string &bytes, std::string &error,
                      const GzipLimit &limit) {
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0x1f &&
      static_cast<unsigned char>(raw[1]) == 0x8b)
    return gunzip(raw, name, bytes, error, limit);
  bytes = raw;
  return true;
}

bool readMaybeGzipped(const std::string &path, std::string &bytes,
                      std::string &error, const GzipLimit &limit) {
  std::string raw;
  return readFileBytes(path, raw, error) &&
         inflateIfGzipped(raw, path, bytes, error, limit);
}

bool parseIdxImages(const std::string &raw, const std::string &name,
                    Tensor &images, std::string &error) {
  std::string bytes;
  std::vector<int64_t> dims;
  uint64_t floatBytes;
  if (!inflateIfGzipped(raw, name, bytes, error, idxLimit(2051, 3)) ||
      !parseIdxHeader(bytes, name, 2051, "idx3 ubyte images", 3, dims, error) ||
      !checkedTensorBytes({dims[0], 1, dims[1], dims[2]}, sizeof(float), name,
                          "images as float", floatBytes, error))
    return false;
  if (dims[1] == 0 || dims[2] == 0)
    return fail(error, name,
                "expected images of at least 1x1 pixels, found " +
                    std::to_string(dims[1]) + "x" + std::to_string(dims[2]));
  Tensor t({dims[0], 1, dims[1], dims[2]});
  const unsigned char *src =
      reinterpret_cast<const unsigned char *>(bytes.data()) + 16;
  for (size_t i = 0; i < t.data.size(); ++i)
    t.data[i] = src[i] * kPixelScale;
  images = std::move(t);
  return true;
}

bool readIdxImages(const std::string &path, Tensor &images,
                   std::string &error) {
  std::string raw;
  return readFileBytes(path, raw, error) &&
         parseIdxImages(raw, path, images, error);
}

bool parseIdxLabels(const std::string &raw, const std::string &name,
                    std::vector<int64_t> &labels, std::string &error) {
  std::string bytes;
  std::vector<int64_t> dims;
  uint64_t labelBytes;
  if (!inflateIfGzipped(raw, name, bytes, error, idxLimit(2049, 1)) ||
      !parseIdxHeader(bytes, name, 2049, "idx1 ubyte labels", 1, dims, error) ||
      !checkedTensorBytes(dims, sizeof(int64_t), name, "labels", labelBytes,
                          error))
    return false;
  labels.assign(bytes.begin() + 8, bytes.end());
  // std::string holds (possibly signed) chars; labels are unsigned bytes.
  for (int64_t &l : labels)
    l &= 0xff;
  return true;
}

bool readIdxLabels(const std::string &path, std::vector<int64_t> &labels,
                   std::string &error) {
  std::string raw;
  return readFileBytes(path, raw, error) &&
         parseIdxLabels(raw, path, labels, error);
}

bool readIdxDataset(const std::string &imagesPath,
                    const std::string &labelsPath, Dataset &out,
                    std::string &error) {
  Dataset d;
  if (!readIdxImages(imagesPath, d.images, error) ||
      !readIdxLabels(labelsPath, d.labels, error))
    return false;
  // Every consumer divides by the number of samples.
  if (d.size() == 0)
    return fail(error, imagesPath,
                "holds no images (expected at least one sample)");
  if (d.images.shape[0] != d.size())
    return fail(error, imagesPath,
                "has " + std::to_string(d.images.shape[0]) + " images, but " +
                    labelsPath + " has " + std::to_string(d.size()) +
                    " labels");
  out = std::move(d);
  return true;
}

std::string mnistCacheDir() {
  const char *data = std::getenv("SSLC_DATA_DIR");
  if (data && *data)
    return std::string(data) + "/mnist";
  const char *cache = std::getenv("XDG_CACHE_HOME");
  if (cache && *cache)
    return std::string(cache) + "/sslc/mnist";
  const char *home = std::getenv("HOME");
  std::string homeDir = home && *home ? home : "";
  if (homeDir.empty())
    if (const passwd *pw = ::getpwuid(::getuid()))
      homeDir = pw->pw_dir;
  return homeDir + "/.cache/sslc/mnist";
}

bool loadMnist(const std::string &dir, Split split, Dataset &out,
               std::string &error) {
  const char *prefix = split == Split::Train ? "train" : "t10k";
  std::string imagesPath, labelsPath;
  if (!findIdxFile(dir, std::string(prefix) + "-images-idx3-ubyte", imagesPath,
                   error) ||
      !findIdxFile(dir, std::string(prefix) + "-labels-idx1-ubyte", labelsPath,
                   error))
    return false;
  Dataset d;
  if (!readIdxDataset(imagesPath, labelsPath, d, error) ||
      !checkLabels(d.labels, labelsPath, error))
    return false;
  out = std::move(d);
  return true;
}

bool parseCifar10Batch(const std::string &bytes, const std::string &path,
                       Dataset &out, std::string &error) {
  constexpr size_t kPixels = 3 * 32 * 32;
  constexpr size_t kRecord = 1 + kPixels;
  if (bytes.empty() || bytes.size() % kRecord != 0)
    return fail(error, path,
                "expected a whole number of " + std::to_string(kRecord) +
                    "-byte records (1 label + 3072 pixels), found " +
                    std::to_string(bytes.size()) + " bytes (truncated?)");
  int64_t n = static_cast<int64_t>(bytes.size() / kRecord);
  uint64_t floatBytes;
  if (!checkedTensorBytes({n, 3, 32, 32}, sizeof(float), path,
                          "images as float", floatBytes, error))
    return false;
  Dataset d;
  d.images = Tensor({n, 3, 32, 32});
  d.labels.resize(static_cast<size_t>(n));
  const unsigned char *src =
      reinterpret_cast<const unsigned char *>(bytes.data());
  for (int64_t i = 0; i < n; ++i) {
    const unsigned char *record = src + i * kRecord;
    d.labels[i] = record[0];
    float *dst = d.images.data.data() + i * kPixels;
    // The record's planes are already in CHW order.
    for (size_t k = 0; k < kPixels; ++k)
      dst[k] = record[1 + k] * kPixelScale;
  }
  if (!checkLabels(d.labels, path, error))
    return false;
  out = std::move(d);
  return true;
}

bool readCifar10Batch(const std::string &path, Dataset &out,
                      std::string &error) {
  std::string bytes;
  return readFileBytes(path, bytes, error) &&
         parseCifar10Batch(bytes, path, out, error);
}

bool loadCifar10(const std::string &dir, Split split, Dataset &out,
                 std::string &error) {
  // "cifar10:" with nothing after it would read /data_batch_1.bin.
  if (dir.empty())
    return fail(error, "cifar10:",
                "expected a folder after 'cifar10:' (cifar10:DIR), found an "
                "empty name");
  std::vector<std::string> files;
  if (split == Split::Train)
    for (int i = 1; i <= 5; ++i)
      files.push_back(dir + "/data_batch_" + std::to_string(i) + ".bin");
  else
    files.push_back(dir + "/test_batch.bin");
  Dataset all;
  all.images.shape = {0, 3, 32, 32};
  for (const std::string &file : files) {
    Dataset part;
    uint64_t totalBytes;
    if (!readCifar10Batch(file, part, error) ||
        !checkedTensorBytes({all.size() + part.size(), 3, 32, 32},
                            sizeof(float), dir, "the data set as float",
                            totalBytes, error))
      return false;
    all.images.shape[0] += part.size();
    all.images.data.insert(all.images.data.end(), part.images.data.begin(),
                           part.images.data.end());
    all.labels.insert(all.labels.end(), part.labels.begin(), part.labels.end());
  }
  out = std::move(all);
  return true;
}

std::vector<int64_t> shuffledIndices(int64_t n, std::mt19937_64 &rng) {
  std::vector<int64_t> order(static_cast<size_t>(std::max<int64_t>(n, 0)));
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = static_cast<int64_t>(i);
  for (size_t i = order.size(); i > 1; --i) {
    size_t j = static_cast<size_t>(uniformBelow(rng, i));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

bool BatchIterator::create(const Dataset &data, const BatchOptions &options,
                           BatchIterator &out, std::string &error) {
  if (options.batchSize < 1) {
    error = "batch size must be at least 1, found " +
            std::to_string(options.batchSize);
    return false;
  }
  if (data.images.rank() < 1 || data.images.shape[0] != data.size()) {
    error = "dataset has images of shape " + shapeToString(data.images.shape) +
            " for " + std::to_string(data.size()) + " labels";
    return false;
  }
  BatchIterator it;
  it.data = &data;
  it.options = options;
  it.rng.seed(options.seed);
  it.shuffleForEpoch();
  out = std::move(it);
  return true;
}

void BatchIterator::shuffleForEpoch() {
  position = 0;
  if (options.shuffle) {
    sampleOrder = shuffledIndices(data->size(), rng);
    return;
  }
  sampleOrder.resize(static_cast<size_t>(data->size()));
  for (size_t i = 0; i < sampleOrder.size(); ++i)
    sampleOrder[i] = static_cast<int64_t>(i);
}

void BatchIterator::startEpoch() {
  ++epochIndex;
  shuffleForEpoch();
}

int64_t BatchIterator::batchesPerEpoch() const {
  int64_t n = data->size();
  return options.dropLast ? n / options.batchSize
                          : (n + options.batchSize - 1) / options.batchSize;
}

bool BatchIterator::next(Batch &batch) {
  int64_t n = data->size();
  int64_t remaining = n - position;
  if (remaining <= 0 || (options.dropLast && remaining < options.batchSize))
    return false;
  int64_t b = std::min(remaining, options.batchSize);
  int64_t sampleSize = data->images.numElements() / std::max<int64_t>(n, 1);
  std::vector<int64_t> shape = data->images.shape;
  shape[0] = b;
  batch.images = Tensor(shape);
  batch.labels.resize(static_cast<size_t>(b));
  batch.indices.assign(sampleOrder.begin() + position,
                       sampleOrder.begin() + position + b);
  for (int64_t i = 0; i < b; ++i) {
    int64_t src = batch.indices[i];
    std::copy_n(data->images.data.begin() + src * sampleSize, sampleSize,
                batch.images.data.begin() + i * sampleSize);
    batch.labels[i] = data->labels[src];
  }
  position += b;
  return true;
}

} // namespace sslc
