// A program that uses an sslc AOT library the way an application would: the
// generated header, HalideRuntime.h and the archive, nothing else.
// usage: consumer N K M in.bin out.bin  (rank-2 float input [N, K] and
// output [N, M], raw little-endian floats).
#include "HalideRuntime.h"
#include MODEL_HEADER

#include <cstdio>
#include <cstdlib>
#include <vector>

static halide_buffer_t makeBuffer(float *data, halide_dimension_t *dims,
                                  int inner, int outer) {
  dims[0] = {0, inner, 1, 0};
  dims[1] = {0, outer, inner, 0};
  halide_buffer_t buf = {};
  buf.host = reinterpret_cast<uint8_t *>(data);
  buf.type = {halide_type_float, 32, 1};
  buf.dimensions = 2;
  buf.dim = dims;
  return buf;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s N K M in.bin out.bin\n", argv[0]);
    return 2;
  }
  int n = std::atoi(argv[1]), k = std::atoi(argv[2]), m = std::atoi(argv[3]);
  std::vector<float> in(size_t(n) * k), out(size_t(n) * m);
  FILE *f = std::fopen(argv[4], "rb");
  if (!f || std::fread(in.data(), 4, in.size(), f) != in.size())
    return 3;
  std::fclose(f);
  halide_dimension_t inDims[2], outDims[2];
  halide_buffer_t inBuf = makeBuffer(in.data(), inDims, k, n);
  halide_buffer_t outBuf = makeBuffer(out.data(), outDims, m, n);
  int rc = MODEL_FN(&inBuf, &outBuf);
  if (rc != 0) {
    std::fprintf(stderr, "model returned %d\n", rc);
    return 4;
  }
  f = std::fopen(argv[5], "wb");
  if (!f || std::fwrite(out.data(), 4, out.size(), f) != out.size())
    return 5;
  std::fclose(f);
  return 0;
}
