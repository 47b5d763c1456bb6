//===- RowVectors.cpp - vectorized rows of stored tensors -----------------===//
//
// A row at least one vector wide ends on a vector shifted inwards instead of
// Halide's guarded tail, which runs as a scalar loop (every element of a
// 13-wide row, with 16-lane vectors). The whole row is computed, whatever
// part a consumer reads, so that the shifted vector stays inside it.
//
//===----------------------------------------------------------------------===//
#include "codegen/Schedules/RowVectors.h"

namespace sslc::codegen {

void vectorizeRows(Halide::Func f, int64_t row, int lanes) {
  Halide::Var x = f.args()[0];
  int width = lanes;
  while (width > row && width > 4)
    width /= 2;
  if (row >= width)
    f.bound(x, 0, static_cast<int>(row))
        .vectorize(x, width, Halide::TailStrategy::ShiftInwards);
  else
    f.vectorize(x, width, Halide::TailStrategy::GuardWithIf);
}

} // namespace sslc::codegen
