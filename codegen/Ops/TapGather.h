//===- TapGather.h - convolutions over live taps and filters ----*- C++ -*-===//
//
// A shape-pruned convolution keeps, per group, T_g of the Cg·KH·KW filter
// taps and O'_g of its filters; the other filters output their bias. Two
// algorithms, neither of which computes a zero tap or a zero filter:
//  - few groups (AlexNet's 2): per group, the input is zero-padded once
//    and its live taps gathered from it with dense row loads into a
//    [T_g, OH, OW] matrix, the tap offsets baked into the code as constant
//    tables, and the product with the group's [O'_g, T_g] weight runs as a
//    1×1 convolution on the register-blocked schedule (a group whose taps
//    are all live runs the direct convolution on its live filters instead);
//    filters that would leave the last block at most half full are a
//    second product of one-vector blocks over the same staged input;
//  - many groups (depthwise): one reduction per computed filter over the
//    taps of its group, vectorized along the output row, reading the
//    padded input through the tap tables.
// The NCHW result puts each computed filter at its channel and the bias
// at the others, read by the consumer (no copy of its own).
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_OPS_TAPGATHER_H
#define SSLC_CODEGEN_OPS_TAPGATHER_H

#include "codegen/Ops/ConvAlgorithm.h"

#include <memory>

namespace sslc::codegen {

/// `input` (x, y, c, n) padded with zeros as the convolution `full` pads
/// it, in padded coordinates.
Halide::Func zeroPadded(Halide::Func input, const ConvGeometry &full,
                        const std::string &name);

/// gathered(x, y, t, n) = padded(x·sw + kw_t·dw, y·sh + kh_t·dh, c_t, n)
/// for `taps` given as (c, kh, kw) triples; `full` is the unpruned conv and
/// `padded` its zero-padded input.
Halide::Func gatherTaps(Halide::Func padded, const ConvGeometry &full,
                        const std::vector<int64_t> &taps,
                        const std::string &name);

/// The geometry of the 1×1 convolution over the gathered matrix.
ConvGeometry gatheredGeometry(const ConvGeometry &full, int taps);

/// What is left of a convolution (the operands of ssl.shape_pruned_conv2d).
struct ShapePrunedConv {
  /// The unpruned convolution (groups and every output channel included).
  ConvGeometry full;
  /// (c, kh, kw) triples, c an input channel of the whole input, strictly
  /// increasing; group g's taps are those with c / Cg == g.
  std::vector<int64_t> taps;
  /// The computed output channels, strictly increasing.
  std::vector<int64_t> filters;
  /// [filters.size(), columns]: row i holds the taps of filter i's group.
  std::vector<float> weight;
  int columns = 1;
  /// [O], or empty for zeros; the value of every filter not computed.
  std::vector<float> bias;
};

/// The many-groups algorithm: acc(x, y, i, n) over the computed filters i.
struct TapConvFuncs {
  /// Zero-padded input, (x, y, c, n) in padded coordinates.
  Halide::Func padded;
  /// Pure = 0, update += over the taps of filter i's group.
  Halide::Func acc;
  /// acc + bias, (x, y, i, n).
  Halide::Func out;
  Halide::RDom r;
  ConvGeometry full;
  int filters = 0;
  /// The most taps of a group (the extent of r).
  int columns = 1;
};

struct ShapePrunedConvFuncs {
  /// One register-blocked convolution per group that computes a filter
  /// (few groups), or
  std::vector<std::shared_ptr<ConvFuncs>> groupConvs;
  /// the reduction per filter (many groups).
  std::shared_ptr<TapConvFuncs> tapConv;
  /// The layer result, NCHW: Func(x, y, c, n).
  Halide::Func nchw;
};

/// Groups up to which each group gets its own register-blocked product.
constexpr int kMaxBlockedGroups = 8;

ShapePrunedConvFuncs buildShapePrunedConvolution(Halide::Func input,
                                                 const ShapePrunedConv &conv,
                                                 const std::string &name,
                                                 int channelBlock);

} // namespace sslc::codegen

#endif
