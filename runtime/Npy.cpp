//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// Format: magic "\x93NUMPY", version (major, minor), header length (u16 for
// 1.x, u32 for 2.x/3.x), then a Python dict literal padded with spaces and
// a newline, then the raw data.
//
//===----------------------------------------------------------------------===//
#include "runtime/Npy.h"

#include <cstdint>
#include <cstring>

namespace sslc {
namespace {

bool fail(std::string &error, const std::string &name, const std::string &msg) {
  error = name + ": " + msg;
  return false;
}

/// A cursor over the header's Python dict literal. NumPy writes
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`; this
/// accepts exactly that grammar (any key order, optional trailing commas)
/// and nothing looser, so `(1.5, 2)` or `(8abc)` is an error, not 1 or 8.
struct HeaderParser {
  const std::string &text;
  size_t pos = 0;

  void skipSpaces() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }
  bool consume(char c) {
    skipSpaces();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool peek(char c) {
    skipSpaces();
    return pos < text.size() && text[pos] == c;
  }
  /// A string literal in single or double quotes (no escapes: NumPy's
  /// keys and dtype strings have none).
  bool string(std::string &out) {
    skipSpaces();
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos];
    size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos)
      return false;
    out = text.substr(pos + 1, end - pos - 1);
    if (out.find('\\') != std::string::npos)
      return false;
    pos = end + 1;
    return true;
  }
  bool word(const char *w) {
    skipSpaces();
    size_t n = std::strlen(w);
    if (text.compare(pos, n, w) != 0)
      return false;
    pos += n;
    return true;
  }
  /// A non-negative decimal integer that fits int64.
  bool integer(int64_t &out, std::string &found) {
    skipSpaces();
    size_t begin = pos;
    uint64_t v = 0;
    bool overflow = false;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      uint64_t digit = static_cast<uint64_t>(text[pos] - '0');
      if (v > (static_cast<uint64_t>(INT64_MAX) - digit) / 10)
        overflow = true;
      else
        v = v * 10 + digit;
      ++pos;
    }
    // The whole token, for the message: up to the next ',' or ')'.
    size_t tokenEnd = text.find_first_of(",)", begin);
    found = text.substr(
        begin,
        (tokenEnd == std::string::npos ? text.size() : tokenEnd) - begin);
    while (!found.empty() && (found.back() == ' ' || found.back() == '\t'))
      found.pop_back();
    if (pos == begin || overflow)
      return false;
    skipSpaces();
    // The token must end here: "8abc" and "1.5" are not integers.
    if (pos < text.size() && text[pos] != ',' && text[pos] != ')')
      return false;
    out = static_cast<int64_t>(v);
    return true;
  }
};

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

  HeaderParser p{header};
  if (!p.consume('{'))
    return fail(error, name,
                "malformed header: expected a dict literal starting with '{'");
  std::string descr;
  bool haveDescr = false, haveOrder = false, haveShape = false;
  bool fortran = false;
  std::vector<int64_t> shape;
  while (!p.consume('}')) {
    std::string key;
    if (!p.string(key) || !p.consume(':'))
      return fail(error, name,
                  "malformed header: expected 'key': value at byte " +
                      std::to_string(p.pos) + " of the header dict");
    if (key == "descr") {
      if (!p.string(descr))
        return fail(error, name,
                    "malformed header: expected a string for 'descr'");
      haveDescr = true;
    } else if (key == "fortran_order") {
      if (p.word("True"))
        fortran = true;
      else if (!p.word("False"))
        return fail(error, name,
                    "malformed header: expected True or False for "
                    "'fortran_order'");
      haveOrder = true;
    } else if (key == "shape") {
      if (!p.consume('('))
        return fail(error, name,
                    "malformed header: expected a tuple for 'shape'");
      shape.clear();
      while (!p.consume(')')) {
        int64_t d;
        std::string found;
        if (!p.integer(d, found))
          return fail(error, name,
                      "malformed 'shape' in header: expected a non-negative "
                      "integer dimension, found '" +
                          found + "'");
        shape.push_back(d);
        if (!p.consume(',') && !p.peek(')'))
          return fail(error, name,
                      "malformed 'shape' in header: expected ',' or ')' "
                      "after dimension " +
                          std::to_string(d));
        // Bound the rank: NumPy allows 64 dimensions.
        if (shape.size() > 64)
          return fail(error, name,
                      "'shape' has more than 64 dimensions (NumPy's limit)");
      }
      haveShape = true;
    } else {
      return fail(error, name,
                  "unexpected key '" + key +
                      "' in header (expected descr, fortran_order, shape)");
    }
    if (!p.consume(',') && !p.peek('}'))
      return fail(error, name,
                  "malformed header: expected ',' or '}' after '" + key + "'");
  }
  for (std::string::size_type rest = p.pos; rest < header.size(); ++rest)
    if (header[rest] != ' ' && header[rest] != '\n' && header[rest] != '\0')
      return fail(error, name, "malformed header: text after the dict");
  if (!haveDescr)
    return fail(error, name, "header has no 'descr'");
  if (descr != "<f4" && descr != "f4" && descr != "float32")
    return fail(error, name,
                "expected dtype float32 ('<f4'), found '" + descr + "'");
  if (!haveOrder)
    return fail(error, name, "header has no 'fortran_order'");
  if (fortran)
    return fail(error, name,
                "Fortran-order arrays are not supported "
                "(expected C order)");
  if (!haveShape)
    return fail(error, name, "header has no 'shape'");

  uint64_t dataBytes;
  if (!checkedTensorBytes(shape, sizeof(float), name, "array", dataBytes,
                          error))
    return false;
  size_t dataStart = headerStart + headerLen;
  if (bytes.size() - dataStart != dataBytes)
    return fail(error, name,
                "expected " + std::to_string(dataBytes) +
                    " bytes of data for shape " + shapeToString(shape) +
                    ", found " + std::to_string(bytes.size() - dataStart));
  Tensor t(shape);
  if (dataBytes)
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
