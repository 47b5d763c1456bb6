//===- TapGather.h - im2col restricted to live taps -------------*- C++ -*-===//
//
// A shape-pruned convolution keeps T of the C·KH·KW filter taps. Its input
// is gathered once into a [T, OH, OW] matrix, the tap offsets baked into
// the code as constant tables, so the product with the [O, T] weight runs
// as a 1×1 convolution on the register-blocked schedule.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_OPS_TAPGATHER_H
#define SSLC_CODEGEN_OPS_TAPGATHER_H

#include "codegen/Ops/ConvAlgorithm.h"

namespace sslc::codegen {

/// gathered(x, y, t, n) = input_padded(x·sw + kw_t·dw, y·sh + kh_t·dh, c_t, n)
/// for `taps` given as (c, kh, kw) triples; `full` is the unpruned conv.
Halide::Func gatherTaps(Halide::Func input, const ConvGeometry &full,
                        const std::vector<int64_t> &taps,
                        const std::string &name);

/// The geometry of the 1×1 convolution over the gathered matrix.
ConvGeometry gatheredGeometry(const ConvGeometry &full, int taps);

} // namespace sslc::codegen

#endif
