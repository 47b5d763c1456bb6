//===- NpyFuzzer.cpp - .npy bytes into parseNpy ---------------------------===//
//
// Anything parseNpy accepts must serialize and read back to the same tensor.
//
//===----------------------------------------------------------------------===//
#include "runtime/Npy.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  // Fuzz inputs are small; a generous ceiling keeps each run cheap.
  ::setenv("SSLC_MAX_TENSOR_BYTES", "64M", 0);
  std::string bytes(reinterpret_cast<const char *>(data), size);
  sslc::Tensor t;
  std::string error;
  if (!sslc::parseNpy(bytes, "fuzz.npy", t, error))
    return 0;
  sslc::Tensor back;
  if (!sslc::parseNpy(sslc::serializeNpy(t), "again.npy", back, error) ||
      back.shape != t.shape ||
      (!t.data.empty() && std::memcmp(back.data.data(), t.data.data(),
                                      t.data.size() * sizeof(float)) != 0))
    std::abort();
  return 0;
}
