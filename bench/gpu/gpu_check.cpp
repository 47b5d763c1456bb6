// Runs one model compiled twice ahead of time — for the host CPU and for
// CUDA — on the same random input, checks that the CUDA result matches the
// CPU result (rel <= 1e-4 of the largest output), and times both.
// Links only the two AOT libraries and the Halide runtime they carry.
//
// usage: gpu_check N C H W OUT [runs]   (input [N, C, H, W], output [N, OUT])
#include "HalideRuntime.h"
#include "model_cpu.h"
#include "model_gpu.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

namespace {

halide_buffer_t wrap(float *data, halide_dimension_t *dims,
                     const std::vector<int> &shape) {
  // Halide order: innermost first.
  int stride = 1;
  int rank = static_cast<int>(shape.size());
  for (int d = 0; d < rank; ++d) {
    int extent = shape[rank - 1 - d];
    dims[d] = {0, extent, stride, 0};
    stride *= extent;
  }
  halide_buffer_t b = {};
  b.host = reinterpret_cast<uint8_t *>(data);
  b.type = {halide_type_float, 32, 1};
  b.dimensions = rank;
  b.dim = dims;
  return b;
}

template <typename F> double medianMs(F &&f, int runs) {
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto s = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - s)
                    .count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

/// Reports runtime errors and lets the call return its error code (the
/// default handler aborts), so a machine without CUDA gets a message.
void reportError(void *, const char *message) {
  std::fprintf(stderr, "halide: %s", message);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s N C H W OUT [runs]\n", argv[0]);
    return 2;
  }
  int n = std::atoi(argv[1]), c = std::atoi(argv[2]), h = std::atoi(argv[3]),
      w = std::atoi(argv[4]), out = std::atoi(argv[5]);
  int runs = argc > 6 ? std::atoi(argv[6]) : 50;
  halide_set_error_handler(reportError);
  std::vector<float> input(size_t(n) * c * h * w), cpu(size_t(n) * out),
      gpu(size_t(n) * out);
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  for (float &v : input)
    v = dist(rng);
  halide_dimension_t inDims[4], cpuDims[2], gpuDims[2];
  halide_buffer_t in = wrap(input.data(), inDims, {n, c, h, w});
  halide_buffer_t cpuOut = wrap(cpu.data(), cpuDims, {n, out});
  halide_buffer_t gpuOut = wrap(gpu.data(), gpuDims, {n, out});

  if (int rc = model_cpu(&in, &cpuOut)) {
    std::fprintf(stderr, "CPU model failed: %d\n", rc);
    return 3;
  }
  if (int rc = model_gpu(&in, &gpuOut)) {
    std::fprintf(stderr, "CUDA model failed: %d (is a GPU and libcuda there?)\n",
                 rc);
    return 4;
  }
  halide_copy_to_host(nullptr, &gpuOut);
  float scale = 0, worst = 0;
  for (size_t i = 0; i < cpu.size(); ++i) {
    scale = std::max(scale, std::fabs(cpu[i]));
    worst = std::max(worst, std::fabs(cpu[i] - gpu[i]));
  }
  double rel = worst / std::max(scale, 1e-30f);
  double cpuMs = medianMs([&] { model_cpu(&in, &cpuOut); }, runs);
  double gpuMs = medianMs(
      [&] {
        // The input changes every call in real use: mark it so the copy to
        // the device is part of the time, as is the copy back.
        in.flags |= halide_buffer_flag_host_dirty;
        model_gpu(&in, &gpuOut);
        halide_copy_to_host(nullptr, &gpuOut);
      },
      runs);
  std::printf("batch %d: CPU %.3f ms, CUDA %.3f ms (copies included), max rel "
              "diff %.2e -> %s\n",
              n, cpuMs, gpuMs, rel, rel <= 1e-4 ? "OK" : "MISMATCH");
  return rel <= 1e-4 ? 0 : 1;
}
