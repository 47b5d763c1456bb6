//===- ConvAlgorithm.h - direct convolution as Halide Funcs -----*- C++ -*-===//
//
// The convolution algorithm, independent of any op class so that the op
// lowerings (dense and shape-pruned convs) and the benchmarks share it.
//
// Layout choice: a layer's result is materialized as
// `out(oi, x, y, ob, g, n)`: output channel `ob * block + oi` of group `g`,
// the channel within a block (`oi`) innermost and the last block padded
// with zero filters. The reduction then loads contiguous weight vectors and
// broadcasts one input value per tap; block and group are dimensions of
// their own so the input channel is uniform across a vector and a block's
// weights are one contiguous span. Consumers see the tensor through
// `asNCHW`, which undoes the layout.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_OPS_CONVALGORITHM_H
#define SSLC_CODEGEN_OPS_CONVALGORITHM_H

#include "Halide.h"

#include <algorithm>
#include <string>
#include <vector>

namespace sslc::codegen {

struct ConvGeometry {
  int N = 1, C = 1, H = 1, W = 1; // input
  int O = 1, KH = 1, KW = 1;      // filters
  int strideH = 1, strideW = 1;
  int padT = 0, padL = 0, padB = 0, padR = 0;
  int dilH = 1, dilW = 1;
  int groups = 1;
  /// Rows of the padded input outside [rowsBegin, rowsEnd) are known to be
  /// zero, and the reduction skips the taps that read them (a transposed
  /// convolution's input is its output gradient surrounded by kernel-wide
  /// zero borders). rowsBegin < 0: no rows are known to be zero.
  int rowsBegin = -1, rowsEnd = -1;
  /// The input Func is defined at every coordinate (a tap gather reading a
  /// zero-padded Func), so an unpadded convolution stages it without
  /// clamping: the pixels a register block computes past the row's end read
  /// values that no output keeps.
  bool inputDefinedEverywhere = false;

  int OH() const { return (H + padT + padB - dilH * (KH - 1) - 1) / strideH + 1; }
  int OW() const { return (W + padL + padR - dilW * (KW - 1) - 1) / strideW + 1; }
  int Cg() const { return C / groups; }
  int Og() const { return O / groups; }
  bool padded() const { return padT || padL || padB || padR; }
  /// Width of the padded input row that the kernel windows read.
  int windowRow() const {
    return std::min(W + padL + padR,
                    (OW() - 1) * strideW + (KW - 1) * dilW + 1);
  }
  double flops() const {
    return 2.0 * N * O * OH() * OW() * Cg() * KH * KW;
  }
};

/// The Funcs of one convolution layer, for the schedules.
struct ConvFuncs {
  /// Zero-padded input, (x, y, c, n) in padded coordinates.
  Halide::Func staged;
  /// Undefined, or what `staged` reads, computed into a buffer of its own
  /// before it: a shape-pruned convolution stages a gather of its live taps
  /// from the zero-padded input, which would otherwise decide at every
  /// gathered element whether it lies in the padding.
  Halide::Func stagingSource;
  /// Accumulator: pure = 0, update += over (kx, ky, c).
  /// Args (oi, x, y, ob, g, n).
  Halide::Func acc;
  /// acc + bias, then the fused epilogue. Args (oi, x, y, ob, g, n).
  Halide::Func out;
  Halide::RDom r;
  ConvGeometry geo;
  /// Channel blocks per group.
  int blocks = 0;
  /// Channels computed per register block (a multiple of the vector width).
  int channelBlock = 32;
  /// `staged` belongs to another convolution over the same input (the
  /// first part of a split layer), which schedules it.
  bool stagingShared = false;
};

/// Builds a convolution of `input` (NCHW semantics, Halide args (x, y, c, n))
/// with OIHW `weight` and optional `bias` (may be empty). `epilogue` maps
/// the biased accumulator to the stored value (identity or relu).
ConvFuncs buildConvolution(Halide::Func input, const ConvGeometry &geo,
                           const std::vector<float> &weight,
                           const std::vector<float> &bias, bool relu,
                           const std::string &name, int channelBlock);

/// As above with weights computed at run time (Training IR): `packedWeight`
/// (oi, kx, ky, c, ob, g) and `packedBias` (oi, ob, g) in the packed layout,
/// zero past the last filter of a group.
ConvFuncs buildConvolution(Halide::Func input, const ConvGeometry &geo,
                           Halide::Func packedWeight, Halide::Func packedBias,
                           bool relu, const std::string &name,
                           int channelBlock);

/// A convolution of the input that `first` stages, with the same geometry
/// but `geo.O` filters of its own: the part of a layer whose filters fill
/// no whole block of `first`, computed in narrower blocks. It reads
/// `first.staged`, so the input is staged once for both.
ConvFuncs buildConvolutionSharingStaging(const ConvFuncs &first,
                                         const ConvGeometry &geo,
                                         const std::vector<float> &weight,
                                         const std::vector<float> &bias,
                                         const std::string &name,
                                         int channelBlock);

/// An OIHW weight Func `weight(kx, ky, c, o)` in the packed layout.
Halide::Func packConvWeight(Halide::Func weight, const ConvGeometry &geo,
                            int channelBlock, const std::string &name);

/// The layer result seen as an NCHW tensor: Func(x, y, c, n).
Halide::Func asNCHW(const ConvFuncs &conv, const std::string &name);

} // namespace sslc::codegen

#endif
