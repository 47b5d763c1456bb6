//===- FileUtil.h - checked sizes, bounded reads, atomic writes -*- C++ -*-===//
//
// Every reader sizes what it is about to allocate with these checks first
// (overflow-free products, one configurable ceiling), and every output goes
// through a temporary file in its destination folder and a rename, so a
// crash or an error never leaves a partial file where the output belongs.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_RUNTIME_FILEUTIL_H
#define SSLC_RUNTIME_FILEUTIL_H

#include <cstdint>
#include <string>
#include <vector>

namespace sslc {

/// The ceiling when SSLC_MAX_TENSOR_BYTES is unset: 4 GiB.
constexpr uint64_t kDefaultMaxTensorBytes = uint64_t(4) << 30;

/// The most bytes a single file, tensor, model or data set may claim:
/// $SSLC_MAX_TENSOR_BYTES (an integer with an optional K, M, G or T binary
/// suffix, e.g. 16G), else kDefaultMaxTensorBytes. An unreadable value
/// leaves `error` set ("SSLC_MAX_TENSOR_BYTES: ...") and the default in
/// `bytes`.
struct ByteLimit {
  uint64_t bytes = kDefaultMaxTensorBytes;
  std::string error;
};
ByteLimit maxTensorBytes();

/// Parses "1048576", "512M", "4G", "1T" (binary multiples). False on
/// anything else, on zero and on overflow.
bool parseByteSize(const std::string &text, uint64_t &bytes);

/// "4 GiB", "1.5 MiB", "12 bytes".
std::string formatBytes(uint64_t bytes);

/// a * b without wrap-around; false on overflow.
bool checkedMul(uint64_t a, uint64_t b, uint64_t &out);

/// The bytes of a `shape` of `elementSize`-byte elements, checked: every
/// dimension non-negative, no overflow, and at most maxTensorBytes().
/// On failure `error` is "<name>: <what> ..." with the shape and the sizes.
bool checkedTensorBytes(const std::vector<int64_t> &shape, uint64_t elementSize,
                        const std::string &name, const std::string &what,
                        uint64_t &bytes, std::string &error);

/// Fails with "<name>: <what> needs N bytes, more than the limit ..." when
/// `bytes` is above maxTensorBytes().
bool checkByteLimit(uint64_t bytes, const std::string &name,
                    const std::string &what, std::string &error);

/// Reads the whole of `path` into `bytes`. Regular files and pipes are
/// read; directories and devices (e.g. /dev/zero) are refused, and so is
/// anything larger than maxTensorBytes(). Messages name the file.
bool readFileBytes(const std::string &path, std::string &bytes,
                   std::string &error);

/// The file a write to `path` lands in: `path` itself, or, when `path` is a
/// symbolic link (also one that dangles), the file it finally points to,
/// so that writing through a link updates its target and keeps the link.
/// Fails on a loop of links.
bool resolveOutputPath(const std::string &path, std::string &resolved,
                       std::string &error);

/// A fresh, private temporary file in the folder of `destination` (a short
/// fixed-length name, so a destination name close to the 255-byte limit
/// still fits). Returns its path in `tmpPath` and an open descriptor.
bool createTempFileNextTo(const std::string &destination, std::string &tmpPath,
                          int &fd, std::string &error);

/// Renames `tmpPath` over `destination` (resolved through symbolic links as
/// above), with the permissions a newly created file would have (or those
/// of the file it replaces), and flushes the folder so the rename survives
/// a crash. Removes `tmpPath` on failure.
bool renameIntoPlace(const std::string &tmpPath, const std::string &destination,
                     std::string &error);

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// fsync and a rename: a failure or a crash never leaves a partial file at
/// `path`. A symbolic link at `path` is followed (its target is replaced,
/// the link stays).
bool writeFileAtomically(const std::string &path, const std::string &bytes,
                         std::string &error);

} // namespace sslc

#endif
