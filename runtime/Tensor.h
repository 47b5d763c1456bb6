//===- Tensor.h - host tensors exchanged with compiled models ---*- C++ -*-===//
//
// A dense row-major float tensor. This is the runtime's currency: file
// readers produce it, compiled models consume and fill it. No MLIR here.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_RUNTIME_TENSOR_H
#define SSLC_RUNTIME_TENSOR_H

#include "runtime/FileUtil.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sslc {

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;

  Tensor() = default;
  explicit Tensor(std::vector<int64_t> shape);

  int64_t numElements() const;
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
};

/// "[1, 784]" — used in error messages.
std::string shapeToString(const std::vector<int64_t> &shape);

} // namespace sslc

#endif
