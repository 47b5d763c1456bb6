//===- OnnxTensors.cpp - ONNX tensors as constants -------------------------===//
//
// Initializers and Constant values decoded into ConstTensor: float, double,
// int64, int32 and bool, raw or typed fields, sizes checked first.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporterInternal.h"

#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include <cstring>
#include <type_traits>

using namespace mlir;

namespace sslc::onnx_import {

int64_t product(llvm::ArrayRef<int64_t> sizes) {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  return n;
}

std::string dataTypeName(int32_t type) {
  if (onnx::TensorProto_DataType_IsValid(type))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(type));
  return "type " + std::to_string(type);
}

namespace {

template <typename T, typename U>
bool readRaw(const std::string &raw, int64_t count, std::vector<U> &out,
             std::string &error) {
  if (raw.size() != static_cast<size_t>(count) * sizeof(T)) {
    error = "has " + std::to_string(raw.size()) + " bytes of raw data, " +
            "expected " + std::to_string(count * sizeof(T));
    return false;
  }
  if constexpr (std::is_same_v<T, U>) {
    out.resize(count);
    if (count)
      std::memcpy(out.data(), raw.data(), raw.size());
  } else {
    std::vector<T> values(count);
    if (count)
      std::memcpy(values.data(), raw.data(), raw.size());
    out.assign(values.begin(), values.end());
  }
  return true;
}

template <typename Field, typename U>
bool readField(const Field &field, int64_t count, std::vector<U> &out,
               std::string &error) {
  if (field.size() != count) {
    error = "has " + std::to_string(field.size()) + " values, expected " +
            std::to_string(count);
    return false;
  }
  out.assign(field.begin(), field.end());
  return true;
}

} // namespace

/// Decodes float, double, int64, int32 and bool tensors; `error` completes
/// a sentence that starts with the tensor's name.
bool decodeTensor(const onnx::TensorProto &t, const std::string &name,
                  ConstTensor &out, std::string &error) {
  out.name = name;
  out.shape.assign(t.dims().begin(), t.dims().end());
  // Bounded so that the element count cannot overflow.
  constexpr int64_t kMaxElements = int64_t(1) << 40;
  int64_t count = 1;
  for (int64_t d : out.shape) {
    if (d < 0 || (d > 0 && count > kMaxElements / d)) {
      error = "has an invalid shape " + ssl::formatShape(out.shape);
      return false;
    }
    count *= d;
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "keeps its data in an external file, which is not supported";
    return false;
  }
  bool raw = t.has_raw_data();
  const std::string &bytes = t.raw_data();
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    out.isFloat = true;
    return raw ? readRaw<float>(bytes, count, out.floats, error)
               : readField(t.float_data(), count, out.floats, error);
  case onnx::TensorProto::DOUBLE:
    out.isFloat = true;
    return raw ? readRaw<double>(bytes, count, out.floats, error)
               : readField(t.double_data(), count, out.floats, error);
  case onnx::TensorProto::INT64:
    return raw ? readRaw<int64_t>(bytes, count, out.ints, error)
               : readField(t.int64_data(), count, out.ints, error);
  case onnx::TensorProto::INT32:
    return raw ? readRaw<int32_t>(bytes, count, out.ints, error)
               : readField(t.int32_data(), count, out.ints, error);
  case onnx::TensorProto::BOOL:
    return raw ? readRaw<uint8_t>(bytes, count, out.ints, error)
               : readField(t.int32_data(), count, out.ints, error);
  default:
    error = "has data type " + dataTypeName(t.data_type()) +
            " (supported: FLOAT, DOUBLE, INT64, INT32, BOOL)";
    return false;
  }
}

/// [K, M] row-major to [M, K].
std::vector<float> transpose(const std::vector<float> &values, int64_t rows,
                             int64_t cols) {
  std::vector<float> out(values.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      out[c * rows + r] = values[r * cols + c];
  return out;
}

} // namespace sslc::onnx_import
