//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// Format: magic "\x93NUMPY", version (major, minor), header length (u16 for
// 1.x, u32 for 2.x/3.x), then a Python dict literal padded with spaces and
// a newline, then the raw data.
//
//===----------------------------------------------------------------------===//
#include "runtime/Npy.h"

#include <cstring>
#include <sstream>

namespace sslc {
namespace {

bool fail(std::string &error, const std::string &name, const std::string &msg) {
  error = name + ": " + msg;
  return false;
}

/// Returns the text after `'key':` in the header dict, or npos.
size_t findKey(const std::string &header, const std::string &key) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return pos;
  pos = header.find(':', pos);
  return pos == std::string::npos ? pos : pos + 1;
}

void skipSpaces(const std::string &s, size_t &pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t'))
    ++pos;
}

} // namespace

bool parseNpy(const std::string &bytes, const std::string &name, Tensor &out,
              std::string &error) {
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0)
    return fail(error, name, "not an .npy file (missing \\x93NUMPY magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, headerStart;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                (static_cast<unsigned char>(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return fail(error, name, "truncated .npy header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i]))
                   << (8 * i);
    headerStart = 12;
  } else {
    return fail(error, name,
                "unsupported .npy version " + std::to_string(major) +
                    " (expected 1, 2 or 3)");
  }
  if (bytes.size() < headerStart + headerLen)
    return fail(error, name, "truncated .npy header");
  std::string header = bytes.substr(headerStart, headerLen);

  size_t pos = findKey(header, "descr");
  if (pos == std::string::npos)
    return fail(error, name, "header has no 'descr'");
  skipSpaces(header, pos);
  size_t end = header.find(header[pos], pos + 1);
  std::string descr = header.substr(pos + 1, end - pos - 1);
  if (descr != "<f4" && descr != "f4" && descr != "float32")
    return fail(error, name,
                "expected dtype float32 ('<f4'), found '" + descr + "'");

  pos = findKey(header, "fortran_order");
  if (pos == std::string::npos)
    return fail(error, name, "header has no 'fortran_order'");
  skipSpaces(header, pos);
  if (header.compare(pos, 4, "True") == 0)
    return fail(error, name, "Fortran-order arrays are not supported "
                             "(expected C order)");

  pos = findKey(header, "shape");
  if (pos == std::string::npos)
    return fail(error, name, "header has no 'shape'");
  skipSpaces(header, pos);
  size_t close = header.find(')', pos);
  if (header[pos] != '(' || close == std::string::npos)
    return fail(error, name, "malformed 'shape' in header");
  std::vector<int64_t> shape;
  std::stringstream dims(header.substr(pos + 1, close - pos - 1));
  std::string item;
  while (std::getline(dims, item, ',')) {
    size_t b = item.find_first_not_of(" \t");
    if (b == std::string::npos)
      continue;
    char *endp = nullptr;
    long long v = std::strtoll(item.c_str() + b, &endp, 10);
    if (v < 0 || endp == item.c_str() + b)
      return fail(error, name, "malformed dimension '" + item + "' in shape");
    shape.push_back(v);
  }

  Tensor t(shape);
  size_t dataBytes = static_cast<size_t>(t.numElements()) * sizeof(float);
  size_t dataStart = headerStart + headerLen;
  if (bytes.size() - dataStart != dataBytes)
    return fail(error, name,
                "expected " + std::to_string(dataBytes) +
                    " bytes of data for shape " + shapeToString(shape) +
                    ", found " + std::to_string(bytes.size() - dataStart));
  std::memcpy(t.data.data(), bytes.data() + dataStart, dataBytes);
  out = std::move(t);
  return true;
}

bool readNpy(const std::string &path, Tensor &out, std::string &error) {
  std::string bytes;
  return readFileBytes(path, bytes, error) && parseNpy(bytes, path, out, error);
}

std::string serializeNpy(const Tensor &tensor) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    header += std::to_string(tensor.shape[i]) + ", ";
  if (tensor.shape.size() > 1)
    header.resize(header.size() - 2);
  else if (tensor.shape.size() == 1)
    header.resize(header.size() - 1); // keep the tuple comma: "(5,)"
  header += "), }";
  // Total header size (magic + version + length + dict + '\n') is a multiple
  // of 64 bytes, as NumPy writes it.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>((header.size() >> 8) & 0xff);
  bytes += header;
  bytes.append(reinterpret_cast<const char *>(tensor.data.data()),
               tensor.data.size() * sizeof(float));
  return bytes;
}

bool writeNpy(const std::string &path, const Tensor &tensor,
              std::string &error) {
  return writeFileAtomically(path, serializeNpy(tensor), error);
}

} // namespace sslc
