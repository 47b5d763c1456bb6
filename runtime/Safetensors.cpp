//===- Safetensors.cpp - safetensors checkpoint files ---------------------===//
//
// Layout: u64 little-endian header length N, N bytes of JSON mapping each
// tensor name to {dtype, shape, data_offsets: [begin, end)} (offsets relative
// to the data section) plus an optional "__metadata__" string map, then the
// data section. Validation follows the reference implementation: the
// tensors must tile the data section exactly, without gaps or overlaps.
//
// The JSON library is used without exceptions (the build may disable them),
// so every value's type is checked before it is read.
//
//===----------------------------------------------------------------------===//
#include "runtime/Safetensors.h"
#include "runtime/FileUtil.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <tuple>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "safetensors data is little-endian; this reader copies it verbatim"
#endif

namespace sslc {
namespace {

using Json = nlohmann::json;

bool fail(std::string &error, const std::string &name, const std::string &msg) {
  error = name + ": " + msg;
  return false;
}

enum class DType { F32, I64, U8 };

/// The reference implementation refuses headers above 100 MB.
constexpr uint64_t kMaxHeaderBytes = 100'000'000;

/// A valid header nests three levels deep (file, tensor, shape); the JSON
/// library parses and prints nested values recursively, so anything much
/// deeper is refused before it is parsed rather than overflowing the stack.
constexpr int kMaxJsonDepth = 64;

/// The deepest nesting of arrays and objects in `json` (strings skipped).
int jsonDepth(const char *begin, const char *end) {
  int depth = 0, deepest = 0;
  bool inString = false;
  for (const char *p = begin; p < end; ++p) {
    char c = *p;
    if (inString) {
      if (c == '\\')
        ++p;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '[' || c == '{')
      deepest = std::max(deepest, ++depth);
    else if (c == ']' || c == '}')
      --depth;
  }
  return deepest;
}

size_t dtypeSize(DType t) {
  switch (t) {
  case DType::F32:
    return 4;
  case DType::I64:
    return 8;
  case DType::U8:
    return 1;
  }
  return 0;
}

/// One header entry, validated against the data section before any copy.
struct Entry {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
  uint64_t begin, end;
};

std::string offsetsToString(uint64_t begin, uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + "]";
}

bool parseEntry(const std::string &file, const std::string &tensor,
                const Json &value, uint64_t dataSize, Entry &entry,
                std::string &error) {
  std::string where = "tensor '" + tensor + "'";
  if (!value.is_object())
    return fail(error, file,
                where + ": expected a JSON object, found " +
                    std::string(value.type_name()));
  for (const char *key : {"dtype", "shape", "data_offsets"})
    if (!value.contains(key))
      return fail(error, file,
                  where + ": missing key '" + std::string(key) + "'");
  entry.name = tensor;

  const Json &dtype = value["dtype"];
  if (!dtype.is_string())
    return fail(error, file, where + ": expected 'dtype' to be a string");
  const std::string &dtypeName = dtype.get_ref<const std::string &>();
  if (dtypeName == "F32")
    entry.dtype = DType::F32;
  else if (dtypeName == "I64")
    entry.dtype = DType::I64;
  else if (dtypeName == "U8")
    entry.dtype = DType::U8;
  else
    return fail(error, file,
                where + ": unsupported dtype '" + dtypeName +
                    "' (expected F32, I64 or U8)");

  const Json &shape = value["shape"];
  if (!shape.is_array())
    return fail(error, file, where + ": expected 'shape' to be an array");
  // Element count in bytes, with overflow checks: a hostile shape must not
  // wrap around to a size that happens to match the offsets.
  uint64_t bytes = dtypeSize(entry.dtype);
  entry.shape.clear();
  for (const Json &dim : shape) {
    if (!dim.is_number_unsigned() ||
        dim.get<uint64_t>() >
            static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return fail(error, file,
                  where +
                      ": expected 'shape' to hold non-negative integers, "
                      "found " +
                      dim.dump());
    uint64_t d = dim.get<uint64_t>();
    if (d != 0 && bytes > std::numeric_limits<uint64_t>::max() / d)
      return fail(error, file,
                  where + ": shape " + shape.dump() +
                      " overflows 64-bit sizes");
    bytes *= d;
    entry.shape.push_back(static_cast<int64_t>(d));
  }

  const Json &offsets = value["data_offsets"];
  if (!offsets.is_array() || offsets.size() != 2 ||
      !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
    return fail(error, file,
                where +
                    ": expected 'data_offsets' to be [begin, end] with "
                    "non-negative integers, found " +
                    offsets.dump());
  entry.begin = offsets[0].get<uint64_t>();
  entry.end = offsets[1].get<uint64_t>();
  if (entry.begin > entry.end)
    return fail(error, file,
                where + ": data_offsets " +
                    offsetsToString(entry.begin, entry.end) +
                    " end before they begin");
  if (entry.end - entry.begin != bytes)
    return fail(error, file,
                where + ": shape " + shapeToString(entry.shape) + " of " +
                    dtypeName + " needs " + std::to_string(bytes) +
                    " bytes, data_offsets " +
                    offsetsToString(entry.begin, entry.end) + " span " +
                    std::to_string(entry.end - entry.begin));
  if (entry.end > dataSize)
    return fail(error, file,
                where + ": data_offsets " +
                    offsetsToString(entry.begin, entry.end) +
                    " are out of range of the " + std::to_string(dataSize) +
                    "-byte data section");
  return true;
}

bool parseMetadata(const std::string &file, const Json &value,
                   std::map<std::string, std::string> &metadata,
                   std::string &error) {
  if (!value.is_object())
    return fail(error, file,
                "expected '__metadata__' to be an object of strings, found " +
                    std::string(value.type_name()));
  for (auto it = value.begin(); it != value.end(); ++it) {
    if (!it.value().is_string())
      return fail(error, file,
                  "expected '__metadata__' value '" + it.key() +
                      "' to be a string, found " +
                      std::string(it.value().type_name()));
    metadata[it.key()] = it.value().get<std::string>();
  }
  return true;
}

/// The JSON writer rejects invalid UTF-8 by throwing (or aborting when
/// exceptions are off), so names are checked up front.
bool isValidUtf8(const std::string &s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xe  ? 3
                 : (c >> 3) == 0x1e ? 4
                                    : 0;
    if (len == 0 || i + len > s.size())
      return false;
    uint32_t cp = len == 1 ? c : c & (0x7f >> len);
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 0x2)
        return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong encodings, surrogates and values past U+10FFFF.
    static const uint32_t minForLen[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < minForLen[len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return false;
    i += len;
  }
  return true;
}

bool checkShape(const std::string &name, const std::vector<int64_t> &shape,
                size_t numData, std::string &error) {
  uint64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0) {
      error = "tensor '" + name + "': negative dimension in shape " +
              shapeToString(shape);
      return false;
    }
    n *= static_cast<uint64_t>(d);
  }
  if (n != numData) {
    error = "tensor '" + name + "': shape " + shapeToString(shape) + " has " +
            std::to_string(n) + " elements, data has " +
            std::to_string(numData);
    return false;
  }
  return true;
}

} // namespace

bool parseSafetensors(const std::string &bytes, const std::string &name,
                      TensorFile &out, std::string &error) {
  if (bytes.size() < 8)
    return fail(error, name,
                "truncated: expected an 8-byte header length, found " +
                    std::to_string(bytes.size()) + " bytes");
  uint64_t headerLen = 0;
  for (int i = 0; i < 8; ++i)
    headerLen |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i]))
                 << (8 * i);
  if (headerLen > bytes.size() - 8)
    return fail(error, name,
                "header length " + std::to_string(headerLen) +
                    " is larger than the file (" +
                    std::to_string(bytes.size() - 8) +
                    " bytes after the length)");
  if (headerLen > kMaxHeaderBytes)
    return fail(error, name,
                "header length " + std::to_string(headerLen) +
                    " is above the format's limit of " +
                    std::to_string(kMaxHeaderBytes) + " bytes");
  if (int depth = jsonDepth(bytes.data() + 8, bytes.data() + 8 + headerLen);
      depth > kMaxJsonDepth)
    return fail(error, name,
                "header nests arrays and objects " + std::to_string(depth) +
                    " levels deep (expected at most " +
                    std::to_string(kMaxJsonDepth) +
                    "; a valid header needs 3)");
  Json header =
      Json::parse(bytes.begin() + 8,
                  bytes.begin() + 8 + static_cast<std::ptrdiff_t>(headerLen),
                  /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded())
    return fail(error, name, "header is not valid JSON");
  if (!header.is_object())
    return fail(error, name,
                "expected the header to be a JSON object, found " +
                    std::string(header.type_name()));

  uint64_t dataStart = 8 + headerLen;
  uint64_t dataSize = bytes.size() - dataStart;
  TensorFile result;
  std::vector<Entry> entries;
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__") {
      if (!parseMetadata(name, it.value(), result.metadata, error))
        return false;
      continue;
    }
    Entry entry;
    if (!parseEntry(name, it.key(), it.value(), dataSize, entry, error))
      return false;
    entries.push_back(std::move(entry));
  }

  std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
    return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
  });
  uint64_t covered = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry &e = entries[i];
    if (e.begin < covered)
      return fail(
          error, name,
          "tensors '" + entries[i - 1].name + "' and '" + e.name +
              "' overlap (data_offsets " +
              offsetsToString(entries[i - 1].begin, entries[i - 1].end) +
              " and " + offsetsToString(e.begin, e.end) + ")");
    if (e.begin > covered)
      return fail(error, name,
                  "data bytes [" + std::to_string(covered) + ", " +
                      std::to_string(e.begin) +
                      ") belong to no tensor (expected tensor '" + e.name +
                      "' to start at " + std::to_string(covered) + ")");
    covered = e.end;
  }
  if (covered != dataSize)
    return fail(error, name,
                "data section size mismatch: tensors cover " +
                    std::to_string(covered) + " bytes, found " +
                    std::to_string(dataSize));

  for (const Entry &e : entries) {
    const char *src = bytes.data() + dataStart + e.begin;
    size_t size = static_cast<size_t>(e.end - e.begin);
    size_t count = size / dtypeSize(e.dtype);
    // An empty tensor's vector may have no storage: memcpy must not see it.
    if (e.dtype == DType::I64) {
      Int64Tensor t{e.shape, std::vector<int64_t>(count)};
      if (size)
        std::memcpy(t.data.data(), src, size);
      result.int64Tensors[e.name] = std::move(t);
      continue;
    }
    // U8 data is widened to float: four times the bytes it has in the file.
    if (e.dtype == DType::U8 &&
        !checkByteLimit(uint64_t(count) * sizeof(float), name,
                        "tensor '" + e.name + "' widened to float", error))
      return false;
    Tensor t(e.shape);
    if (e.dtype == DType::F32) {
      if (size)
        std::memcpy(t.data.data(), src, size);
    } else
      for (size_t k = 0; k < count; ++k)
        t.data[k] = static_cast<unsigned char>(src[k]);
    result.tensors[e.name] = std::move(t);
  }
  out = std::move(result);
  return true;
}

bool readSafetensors(const std::string &path, TensorFile &out,
                     std::string &error) {
  std::string bytes;
  return readFileBytes(path, bytes, error) &&
         parseSafetensors(bytes, path, out, error);
}

bool serializeSafetensors(const TensorFile &file, std::string &bytes,
                          std::string &error) {
  for (const auto &[key, value] : file.metadata)
    if (!isValidUtf8(key) || !isValidUtf8(value)) {
      error = "metadata entry '" + key + "' is not valid UTF-8";
      return false;
    }
  for (const auto &[name, t] : file.tensors) {
    if (file.int64Tensors.count(name)) {
      error = "tensor name '" + name + "' is used by an F32 and an I64 tensor";
      return false;
    }
    if (name == "__metadata__" || !isValidUtf8(name)) {
      error = "tensor name '" + name + "' is reserved or not valid UTF-8";
      return false;
    }
    if (!checkShape(name, t.shape, t.data.size(), error))
      return false;
  }
  for (const auto &[name, t] : file.int64Tensors) {
    if (name == "__metadata__" || !isValidUtf8(name)) {
      error = "tensor name '" + name + "' is reserved or not valid UTF-8";
      return false;
    }
    if (!checkShape(name, t.shape, t.data.size(), error))
      return false;
  }

  // The reference writer orders by descending dtype (I64 > F32), then by
  // name; std::map already iterates by name.
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!file.metadata.empty())
    header["__metadata__"] = file.metadata;
  uint64_t offset = 0;
  auto addEntry = [&](const std::string &name, const char *dtype,
                      const std::vector<int64_t> &shape, uint64_t size) {
    nlohmann::ordered_json info = nlohmann::ordered_json::object();
    info["dtype"] = dtype;
    info["shape"] = nlohmann::ordered_json::array();
    for (int64_t d : shape)
      info["shape"].push_back(d);
    info["data_offsets"] = {offset, offset + size};
    offset += size;
    header[name] = std::move(info);
  };
  for (const auto &[name, t] : file.int64Tensors)
    addEntry(name, "I64", t.shape, t.data.size() * sizeof(int64_t));
  for (const auto &[name, t] : file.tensors)
    addEntry(name, "F32", t.shape, t.data.size() * sizeof(float));

  std::string json = header.dump();
  json.append((8 - json.size() % 8) % 8, ' ');
  bytes.clear();
  bytes.reserve(8 + json.size() + offset);
  for (int i = 0; i < 8; ++i)
    bytes += static_cast<char>((static_cast<uint64_t>(json.size()) >> (8 * i)) &
                               0xff);
  bytes += json;
  for (const auto &[name, t] : file.int64Tensors)
    bytes.append(reinterpret_cast<const char *>(t.data.data()),
                 t.data.size() * sizeof(int64_t));
  for (const auto &[name, t] : file.tensors)
    bytes.append(reinterpret_cast<const char *>(t.data.data()),
                 t.data.size() * sizeof(float));
  return true;
}

bool writeSafetensors(const std::string &path, const TensorFile &file,
                      std::string &error) {
  std::string bytes;
  if (!serializeSafetensors(file, bytes, error)) {
    error = path + ": " + error;
    return false;
  }
  return writeFileAtomically(path, bytes, error);
}

} // namespace sslc
