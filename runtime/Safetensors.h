//===- Safetensors.h - safetensors checkpoint files -------------*- C++ -*-===//
//
// Reads and writes the safetensors format used for trained parameters and
// optimizer state, so checkpoints move between sslc and PyTorch unchanged.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_RUNTIME_SAFETENSORS_H
#define SSLC_RUNTIME_SAFETENSORS_H

#include "runtime/Tensor.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sslc {

/// A dense row-major int64 tensor; optimizer step counters are stored so
/// that they stay exact past 2^24.
struct Int64Tensor {
  std::vector<int64_t> shape;
  std::vector<int64_t> data;
};

/// The contents of one safetensors file. Names are unique across both maps.
/// On read, F32 and U8 tensors land in `tensors` (U8 widened to float, the
/// values unscaled) and I64 tensors in `int64Tensors`; on write, `tensors`
/// become F32 and `int64Tensors` I64.
struct TensorFile {
  std::map<std::string, Tensor> tensors;
  std::map<std::string, Int64Tensor> int64Tensors;
  /// The optional "__metadata__" string map.
  std::map<std::string, std::string> metadata;
};

/// Parses the bytes of a safetensors file; `name` is used in messages.
bool parseSafetensors(const std::string &bytes, const std::string &name,
                      TensorFile &out, std::string &error);

/// Reads `path`; every failure names the file and says expected vs found.
bool readSafetensors(const std::string &path, TensorFile &out,
                     std::string &error);

/// Serializes `file` the way the reference Python library does: tensors
/// ordered by descending dtype (I64 before F32), then by name; the header
/// compact JSON padded with spaces to a multiple of 8 bytes. Fails when a
/// name is used twice or a tensor's data does not match its shape.
bool serializeSafetensors(const TensorFile &file, std::string &bytes,
                          std::string &error);

/// Serializes `file` and writes it atomically (no partial file on failure).
bool writeSafetensors(const std::string &path, const TensorFile &file,
                      std::string &error);

} // namespace sslc

#endif
