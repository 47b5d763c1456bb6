//===- Tensor.cpp - host tensors ------------------------------------------===//
#include "runtime/Tensor.h"

namespace sslc {

Tensor::Tensor(std::vector<int64_t> s) : shape(std::move(s)) {
  data.assign(static_cast<size_t>(numElements()), 0.0f);
}

int64_t Tensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

} // namespace sslc
