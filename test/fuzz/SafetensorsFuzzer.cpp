//===- SafetensorsFuzzer.cpp - safetensors bytes into the reader ----------===//
//
// Anything the reader accepts must serialize and read back unchanged.
//
//===----------------------------------------------------------------------===//
#include "runtime/Safetensors.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ::setenv("SSLC_MAX_TENSOR_BYTES", "64M", 0);
  std::string bytes(reinterpret_cast<const char *>(data), size);
  sslc::TensorFile file;
  std::string error;
  if (!sslc::parseSafetensors(bytes, "fuzz.safetensors", file, error))
    return 0;
  std::string again;
  // Names the writer refuses (invalid UTF-8) may come from a valid file.
  if (!sslc::serializeSafetensors(file, again, error))
    return 0;
  sslc::TensorFile back;
  if (!sslc::parseSafetensors(again, "again.safetensors", back, error) ||
      back.tensors.size() != file.tensors.size() ||
      back.int64Tensors.size() != file.int64Tensors.size() ||
      back.metadata != file.metadata)
    std::abort();
  for (const auto &[name, t] : file.tensors) {
    const sslc::Tensor &b = back.tensors.at(name);
    if (b.shape != t.shape ||
        (!t.data.empty() && std::memcmp(b.data.data(), t.data.data(),
                                        t.data.size() * sizeof(float)) != 0))
      std::abort();
  }
  return 0;
}
