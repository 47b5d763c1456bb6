//===- TestUtil.h - helpers shared by the unit tests ------------*- C++ -*-===//
#ifndef SSLC_TEST_UNITTESTS_TESTUTIL_H
#define SSLC_TEST_UNITTESTS_TESTUTIL_H

#include <cmath>
#include <cstdio>
#include <cstdlib>
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
