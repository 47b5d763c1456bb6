//===- RowVectors.h - vectorized rows of stored tensors ---------*- C++ -*-===//
#ifndef SSLC_CODEGEN_SCHEDULES_ROWVECTORS_H
#define SSLC_CODEGEN_SCHEDULES_ROWVECTORS_H

#include "Halide.h"

#include <cstdint>

namespace sslc::codegen {

/// Vectorizes the rows of a stored Func (innermost dimension, `row`
/// elements) as CPU code stores every tensor: rows narrower than `lanes`
/// take a narrower vector, and a row ends on a vector shifted inwards.
void vectorizeRows(Halide::Func f, int64_t row, int lanes);

/// The vector width for rows of `row` elements: `lanes`, halved while it
/// is wider than the row (1 for a row of one element).
int rowVectorWidth(int64_t row, int lanes);

/// Vectorizes `x`, the rows of a convolution's staging copy of its input
/// (computed over rows of at least `row` elements). A copy that tests for
/// padding keeps full vectors with a guarded tail: Halide predicates those
/// loads, while shifted vectors of clamped indices become gathers (1.4-4x
/// slower on AlexNet's 15- and 31-wide padded rows). Any other copy takes
/// `rowVectorWidth` vectors, the last one shifted inwards.
void vectorizeStagingRows(Halide::Func f, Halide::Var x, int64_t row,
                          bool padding, int lanes);

} // namespace sslc::codegen

#endif
