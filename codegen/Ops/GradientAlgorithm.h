//===- GradientAlgorithm.h - convolution weight gradient in Halide -*- C++
//-*-===//
//
// The one backward algorithm with a schedule of its own (the input gradient
// of a convolution is a forward convolution of the output gradient and
// reuses ConvFuncs). Kept apart from the op lowering so the schedules see
// its Funcs.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_OPS_GRADIENTALGORITHM_H
#define SSLC_CODEGEN_OPS_GRADIENTALGORITHM_H

#include "codegen/Ops/ConvAlgorithm.h"

#include <string>

namespace sslc::codegen {

/// dW[o, c, kh, kw] = Σ_{n,i,j} dy[n, o, i, j] ·
///     xpad[n, g(o)·Cg + c, i·strideH + kh·dilH, j·strideW + kw·dilW]
/// with the output channel innermost, like the forward convolution: a vector
/// of output channels of dy is multiplied by one broadcast input value.
struct ConvGradWeightFuncs {
  /// Zero-padded input, (x, y, c, n) in padded coordinates.
  Halide::Func padded;
  /// dy with the channel within its group innermost: (ol, j, i, g, n);
  /// channels past the group's last read its last (the schedule computes
  /// whole vectors and drops them).
  Halide::Func gradT;
  /// Pure 0, update += over `r` = (j, i, n). Args (ol, kx, ky, c, g).
  Halide::Func acc;
  /// acc, args (ol, kx, ky, c, g); consumers read ol < Og only.
  Halide::Func out;
  Halide::RDom r;
  ConvGeometry geo;
};

/// `input` (x, y, c, n) and `gradOutput` (j, i, o, n) are the forward input
/// and the gradient of the forward output.
ConvGradWeightFuncs buildConvGradWeight(Halide::Func input,
                                        Halide::Func gradOutput,
                                        const ConvGeometry &geo,
                                        const std::string &name);

/// The gradient as an OIHW weight: Func(kx, ky, c, o).
Halide::Func convGradWeightAsOIHW(const ConvGradWeightFuncs &f,
                                  const std::string &name);

} // namespace sslc::codegen

#endif
