//===- RowVectors.cpp - vectorized rows of stored tensors -----------------===//
//
// A row at least one vector wide ends on a vector shifted inwards instead of
// Halide's guarded tail, which runs as a scalar loop (every element of a
// 13-wide row, with 16-lane vectors). The whole row is computed, whatever
// part a consumer reads, so that the shifted vector stays inside it.
//
//===----------------------------------------------------------------------===//
#include "codegen/Schedules/RowVectors.h"

#include <algorithm>

namespace sslc::codegen {

void vectorizeRows(Halide::Func f, int64_t row, int lanes) {
  Halide::Var x = f.args()[0];
  const int width = std::max(std::min(lanes, 4), rowVectorWidth(row, lanes));
  if (row >= width)
    f.bound(x, 0, static_cast<int>(row))
        .vectorize(x, width, Halide::TailStrategy::ShiftInwards);
  else
    f.vectorize(x, width, Halide::TailStrategy::GuardWithIf);
}

int rowVectorWidth(int64_t row, int lanes) {
  int width = lanes;
  while (width > 1 && width > row)
    width /= 2;
  return width;
}

void vectorizeStagingRows(Halide::Func f, Halide::Var x, int64_t row,
                          bool padding, int lanes) {
  if (padding) {
    f.vectorize(x, lanes, Halide::TailStrategy::GuardWithIf);
    return;
  }
  const int width = rowVectorWidth(row, lanes);
  if (width > 1)
    f.vectorize(x, width, Halide::TailStrategy::ShiftInwards);
}

} // namespace sslc::codegen
