//===- FileUtil.cpp - checked sizes, bounded reads, atomic writes ---------===//
#include "runtime/FileUtil.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

namespace sslc {
namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string limitText(const ByteLimit &limit) {
  return "the " + formatBytes(limit.bytes) +
         " limit (SSLC_MAX_TENSOR_BYTES raises it)";
}

std::string parentDir(const std::string &path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  if (slash == 0)
    return "/";
  return path.substr(0, slash);
}

/// The permissions open(..., 0666) would give a new file.
mode_t newFileMode() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

} // namespace

bool parseByteSize(const std::string &text, uint64_t &bytes) {
  size_t end = 0;
  uint64_t v = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') {
    uint64_t digit = static_cast<uint64_t>(text[end] - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - digit) / 10)
      return false;
    v = v * 10 + digit;
    ++end;
  }
  if (end == 0)
    return false;
  unsigned shift = 0;
  if (end < text.size()) {
    switch (text[end]) {
    case 'K':
    case 'k':
      shift = 10;
      break;
    case 'M':
    case 'm':
      shift = 20;
      break;
    case 'G':
    case 'g':
      shift = 30;
      break;
    case 'T':
    case 't':
      shift = 40;
      break;
    default:
      return false;
    }
    ++end;
    // "4G", "4GB" and "4GiB" all mean 4 << 30.
    if (end < text.size() && (text[end] == 'i' || text[end] == 'I'))
      ++end;
    if (end < text.size() && (text[end] == 'B' || text[end] == 'b'))
      ++end;
  }
  if (end != text.size() || v == 0 ||
      v > (std::numeric_limits<uint64_t>::max() >> shift))
    return false;
  bytes = v << shift;
  return true;
}

ByteLimit maxTensorBytes() {
  ByteLimit limit;
  const char *env = std::getenv("SSLC_MAX_TENSOR_BYTES");
  if (!env || !*env)
    return limit;
  uint64_t bytes;
  if (!parseByteSize(env, bytes)) {
    limit.error = std::string("SSLC_MAX_TENSOR_BYTES: expected a byte count "
                              "> 0 such as 8G or 1048576, found '") +
                  env + "'";
    return limit;
  }
  limit.bytes = bytes;
  return limit;
}

std::string formatBytes(uint64_t bytes) {
  static const char *units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024)
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  double v = static_cast<double>(bytes);
  int unit = -1;
  while (v >= 1024 && unit < 5) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  if (v == static_cast<double>(static_cast<uint64_t>(v)))
    std::snprintf(buf, sizeof buf, "%llu %s",
                  static_cast<unsigned long long>(v), units[unit]);
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", v, units[unit]);
  return buf;
}

bool checkedMul(uint64_t a, uint64_t b, uint64_t &out) {
  if (a != 0 && b > std::numeric_limits<uint64_t>::max() / a)
    return false;
  out = a * b;
  return true;
}

bool checkByteLimit(uint64_t bytes, const std::string &name,
                    const std::string &what, std::string &error) {
  ByteLimit limit = maxTensorBytes();
  if (!limit.error.empty()) {
    error = limit.error;
    return false;
  }
  if (bytes <= limit.bytes)
    return true;
  error = name + ": " + what + " needs " + std::to_string(bytes) + " bytes (" +
          formatBytes(bytes) + "), more than " + limitText(limit);
  return false;
}

bool checkedTensorBytes(const std::vector<int64_t> &shape, uint64_t elementSize,
                        const std::string &name, const std::string &what,
                        uint64_t &bytes, std::string &error) {
  uint64_t n = elementSize;
  for (int64_t d : shape) {
    if (d < 0) {
      error = name + ": " + what + " has a negative dimension in shape " +
              shapeText(shape);
      return false;
    }
    if (!checkedMul(n, static_cast<uint64_t>(d), n)) {
      error = name + ": " + what + " of shape " + shapeText(shape) +
              " has more bytes than 64 bits can count";
      return false;
    }
  }
  if (!checkByteLimit(n, name, what + " of shape " + shapeText(shape), error))
    return false;
  bytes = n;
  return true;
}

bool readFileBytes(const std::string &path, std::string &bytes,
                   std::string &error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // "No such file" is what nearly every failure here is; other reasons
    // (permissions, ...) are spelled out.
    error = path + ": cannot open file" +
            (errno == ENOENT ? std::string()
                             : " (" + std::string(std::strerror(errno)) + ")");
    return false;
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    error = path + ": cannot read file (" + std::strerror(errno) + ")";
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = path + ": is a directory, expected a file";
    return false;
  }
  // A device never ends (/dev/zero) or is not data at all; pipes are
  // read, bounded like files.
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode)) {
    error = path + ": is a " +
            (S_ISCHR(st.st_mode)   ? "character device"
             : S_ISBLK(st.st_mode) ? "block device"
                                   : "special file") +
            ", expected a regular file";
    return false;
  }
  ByteLimit limit = maxTensorBytes();
  if (!limit.error.empty()) {
    error = limit.error;
    return false;
  }
  bytes.clear();
  if (S_ISREG(st.st_mode)) {
    uint64_t size = static_cast<uint64_t>(st.st_size);
    if (size > limit.bytes) {
      error = path + ": file of " + std::to_string(size) + " bytes (" +
              formatBytes(size) + ") is larger than " + limitText(limit);
      return false;
    }
    bytes.reserve(static_cast<size_t>(size));
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      error = path + ": read error (" + std::strerror(errno) + ")";
      return false;
    }
    if (n == 0)
      break;
    if (bytes.size() + static_cast<size_t>(n) > limit.bytes) {
      error = path + ": holds more than " + limitText(limit);
      bytes.clear();
      return false;
    }
    bytes.append(buf, static_cast<size_t>(n));
  }
  return true;
}

bool resolveOutputPath(const std::string &path, std::string &resolved,
                       std::string &error) {
  std::string current = path;
  // Linux gives up after 40 links (ELOOP); so do we.
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(current.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
      resolved = current;
      return true;
    }
    std::string target(static_cast<size_t>(st.st_size ? st.st_size : 4096),
                       '\0');
    ssize_t n = ::readlink(current.c_str(), &target[0], target.size());
    if (n < 0) {
      error = path + ": cannot read the symbolic link (" +
              std::strerror(errno) + ")";
      return false;
    }
    target.resize(static_cast<size_t>(n));
    current = !target.empty() && target[0] == '/'
                  ? target
                  : parentDir(current) + "/" + target;
  }
  error = path + ": too many levels of symbolic links";
  return false;
}

bool createTempFileNextTo(const std::string &destination, std::string &tmpPath,
                          int &fd, std::string &error) {
  std::string tmpl = parentDir(destination) + "/.sslc-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  fd = ::mkostemp(buf.data(), O_CLOEXEC);
  if (fd < 0) {
    error = "cannot write '" + destination + "': cannot create a file in '" +
            parentDir(destination) + "' (" + std::strerror(errno) + ")";
    return false;
  }
  tmpPath = buf.data();
  return true;
}

bool renameIntoPlace(const std::string &tmpPath, const std::string &destination,
                     std::string &error) {
  std::string target;
  if (!resolveOutputPath(destination, target, error)) {
    ::unlink(tmpPath.c_str());
    return false;
  }
  struct stat st;
  if (::stat(target.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    error = "cannot write '" + destination + "': is a directory";
    ::unlink(tmpPath.c_str());
    return false;
  }
  mode_t mode =
      ::stat(target.c_str(), &st) == 0 ? (st.st_mode & 07777) : newFileMode();
  ::chmod(tmpPath.c_str(), mode);
  if (std::rename(tmpPath.c_str(), target.c_str()) != 0) {
    error = "cannot create '" + destination + "': " + std::strerror(errno);
    ::unlink(tmpPath.c_str());
    return false;
  }
  // The rename is durable once the folder is on disk too.
  int dirFd = ::open(parentDir(target).c_str(), O_RDONLY | O_DIRECTORY);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
  return true;
}

bool writeFileAtomically(const std::string &path, const std::string &bytes,
                         std::string &error) {
  std::string target;
  if (!resolveOutputPath(path, target, error))
    return false;
  std::string tmp;
  int fd;
  if (!createTempFileNextTo(target, tmp, fd, error))
    return false;
  const char *p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      error = "cannot write '" + path + "': " + std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return false;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = "cannot write '" + path + "': " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  return renameIntoPlace(tmp, path, error);
}

} // namespace sslc
