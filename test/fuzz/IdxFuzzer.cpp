//===- IdxFuzzer.cpp - idx (raw or gzip) and CIFAR-10 bytes into the readers
//-===//
//
// The first byte picks the reader; the rest is the file.
//
//===----------------------------------------------------------------------===//
#include "runtime/Datasets.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ::setenv("SSLC_MAX_TENSOR_BYTES", "64M", 0);
  if (size == 0)
    return 0;
  std::string bytes(reinterpret_cast<const char *>(data) + 1, size - 1);
  std::string error;
  switch (data[0] % 3) {
  case 0: {
    sslc::Tensor images;
    if (sslc::parseIdxImages(bytes, "fuzz-images", images, error) &&
        (images.rank() != 4 || images.shape[1] != 1))
      std::abort();
    break;
  }
  case 1: {
    std::vector<int64_t> labels;
    sslc::parseIdxLabels(bytes, "fuzz-labels", labels, error);
    break;
  }
  default: {
    sslc::Dataset d;
    if (sslc::parseCifar10Batch(bytes, "fuzz.bin", d, error) &&
        d.images.numElements() != d.size() * 3 * 32 * 32)
      std::abort();
    break;
  }
  }
  return 0;
}
