//===- TestUtil.h - helpers shared by the unit tests ------------*- C++ -*-===//
#ifndef SSLC_TEST_UNITTESTS_TESTUTIL_H
#define SSLC_TEST_UNITTESTS_TESTUTIL_H

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <sys/wait.h>
#include <vector>

namespace sslc::test {

/// Uniform random floats in [-1, 1), seeded.
inline std::vector<float> randomValues(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

struct CommandResult {
  int exitCode = -1;
  std::string output; // stdout and stderr together
};

/// Runs a shell command, capturing its combined output.
inline CommandResult runCommand(const std::string &command) {
  CommandResult result;
  FILE *pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return result;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    result.output.append(buf, n);
  int status = ::pclose(pipe);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

/// Directory holding the built tools (fixed by CMake at build time).
inline std::string binDir() { return SSLC_BIN_DIR; }

/// The source tree, for fixtures.
inline std::string sourceDir() { return SSLC_SOURCE_DIR; }

/// A fresh temporary directory for one test.
inline std::string makeTempDir() {
  char tmpl[] = "/tmp/sslc-test-XXXXXX";
  char *dir = ::mkdtemp(tmpl);
  return dir ? dir : "/tmp";
}

/// Appends `v` as the 4-byte big-endian integer of an idx header.
inline void writeBigEndian(std::ofstream &os, uint32_t v) {
  char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
  os.write(b, 4);
}

/// MNIST-format files `<dir>/<prefix>-{images-idx3,labels-idx1}-ubyte` of
/// `n` images that, like MNIST's, are blank outside their central 20×20
/// pixels; the class decides which rows of the centre light up.
inline void writeDigits(const std::string &dir, const std::string &prefix,
                        int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::ofstream images(dir + "/" + prefix + "-images-idx3-ubyte",
                       std::ios::binary);
  std::ofstream labels(dir + "/" + prefix + "-labels-idx1-ubyte",
                       std::ios::binary);
  writeBigEndian(images, 2051);
  writeBigEndian(images, n);
  writeBigEndian(images, 28);
  writeBigEndian(images, 28);
  writeBigEndian(labels, 2049);
  writeBigEndian(labels, n);
  for (int i = 0; i < n; ++i) {
    int label = static_cast<int>(rng() % 10);
    labels.put(static_cast<char>(label));
    for (int y = 0; y < 28; ++y)
      for (int x = 0; x < 28; ++x) {
        bool centre = y >= 4 && y < 24 && x >= 4 && x < 24;
        int v = 0;
        if (centre)
          v = static_cast<int>(rng() % 64) + ((y - 4) / 2 == label ? 160 : 0);
        images.put(static_cast<char>(v));
      }
  }
}

/// Dense layer y = relu?(x Wᵀ + b) in double: the reference for codegen.
inline std::vector<double> naiveDense(const std::vector<float> &x,
                                      const std::vector<float> &w,
                                      const std::vector<float> &b, int N,
                                      int K, int M, bool relu,
                                      std::vector<double> *absSum = nullptr) {
  std::vector<double> y(static_cast<size_t>(N) * M);
  if (absSum)
    absSum->assign(y.size(), 0.0);
  for (int n = 0; n < N; ++n)
    for (int m = 0; m < M; ++m) {
      double acc = b.empty() ? 0.0 : b[m];
      double mag = b.empty() ? 0.0 : std::fabs(b[m]);
      for (int k = 0; k < K; ++k) {
        double t = static_cast<double>(x[n * K + k]) * w[m * K + k];
        acc += t;
        mag += std::fabs(t);
      }
      y[n * M + m] = relu ? std::max(acc, 0.0) : acc;
      if (absSum)
        (*absSum)[n * M + m] = mag;
    }
  return y;
}

} // namespace sslc::test

#endif
