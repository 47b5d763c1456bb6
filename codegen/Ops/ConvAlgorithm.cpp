//===- ConvAlgorithm.cpp - direct convolution as Halide Funcs -------------===//
#include "codegen/Ops/ConvAlgorithm.h"

namespace sslc::codegen {

namespace {

/// Constant weights packed as (oi, kx, ky, c, ob, g): a block's filters are
/// one contiguous span, oi innermost, zero filters padding the last block.
/// They enter the generic algorithm as inline Funcs over the buffers, which
/// compile to the same loads as the buffers themselves.
std::pair<Halide::Func, Halide::Func>
packConstants(const ConvGeometry &geo, const std::vector<float> &weight,
              const std::vector<float> &bias, const std::string &name,
              int channelBlock) {
  const int Og = geo.Og(), Cg = geo.Cg(), G = geo.groups;
  const int cb = channelBlock;
  const int blocks = (Og + cb - 1) / cb;
  Halide::Buffer<float> packed(cb, geo.KW, geo.KH, Cg, blocks, G);
  packed.set_name(name + "_weight");
  packed.fill(0.0f);
  for (int g = 0; g < G; ++g)
    for (int ol = 0; ol < Og; ++ol)
      for (int c = 0; c < Cg; ++c)
        for (int ky = 0; ky < geo.KH; ++ky)
          for (int kx = 0; kx < geo.KW; ++kx)
            packed(ol % cb, kx, ky, c, ol / cb, g) =
                weight[((size_t(g * Og + ol) * Cg + c) * geo.KH + ky) * geo.KW +
                       kx];
  Halide::Buffer<float> biasBuf(cb, blocks, G);
  biasBuf.set_name(name + "_bias");
  biasBuf.fill(0.0f);
  for (int g = 0; g < G && !bias.empty(); ++g)
    for (int ol = 0; ol < Og; ++ol)
      biasBuf(ol % cb, ol / cb, g) = bias[g * Og + ol];

  Halide::Func weightFunc(name + "_weight_f"), biasFunc(name + "_bias_f");
  Halide::Var oi("oi"), kx("kx"), ky("ky"), c("c"), ob("ob"), g("g");
  weightFunc(oi, kx, ky, c, ob, g) = packed(oi, kx, ky, c, ob, g);
  biasFunc(oi, ob, g) = biasBuf(oi, ob, g);
  return {weightFunc, biasFunc};
}

/// The reduction over `conv.staged` and the biased, rectified result.
void defineProduct(ConvFuncs &conv, Halide::Func packedWeight,
                   Halide::Func packedBias, bool relu,
                   const std::string &name) {
  const ConvGeometry &geo = conv.geo;
  Halide::Var x("x"), y("y"), oi("oi"), ob("ob"), g("g"), n("n");
  conv.r = Halide::RDom(0, geo.KW, 0, geo.KH, 0, geo.Cg(), name + "_r");
  Halide::RVar kx = conv.r.x, ky = conv.r.y, rc = conv.r.z;
  if (geo.rowsBegin >= 0) {
    // A condition on the kernel row and the output row only: Halide trims
    // the kernel-row loop to the taps that read rows with data.
    Halide::Expr row = y * geo.strideH + ky * geo.dilH;
    conv.r.where(row >= geo.rowsBegin && row < geo.rowsEnd);
  }
  conv.acc = Halide::Func(name + "_acc");
  conv.acc(oi, x, y, ob, g, n) = 0.0f;
  conv.acc(oi, x, y, ob, g, n) +=
      conv.staged(x * geo.strideW + kx * geo.dilW,
                  y * geo.strideH + ky * geo.dilH, g * geo.Cg() + rc, n) *
      packedWeight(oi, kx, ky, rc, ob, g);

  conv.out = Halide::Func(name);
  Halide::Expr v = conv.acc(oi, x, y, ob, g, n) + packedBias(oi, ob, g);
  conv.out(oi, x, y, ob, g, n) = relu ? Halide::max(v, 0.0f) : v;
}

} // namespace

ConvFuncs buildConvolution(Halide::Func input, const ConvGeometry &geo,
                           const std::vector<float> &weight,
                           const std::vector<float> &bias, bool relu,
                           const std::string &name, int channelBlock) {
  auto [w, b] = packConstants(geo, weight, bias, name, channelBlock);
  return buildConvolution(input, geo, w, b, relu, name, channelBlock);
}

ConvFuncs buildConvolution(Halide::Func input, const ConvGeometry &geo,
                           Halide::Func packedWeight, Halide::Func packedBias,
                           bool relu, const std::string &name,
                           int channelBlock) {
  ConvFuncs conv;
  conv.geo = geo;
  conv.channelBlock = channelBlock;
  conv.blocks = (geo.Og() + channelBlock - 1) / channelBlock;

  Halide::Var x("x"), y("y"), c("c"), n("n");
  // Padding materialized once, so the reduction reads without conditions.
  conv.staged = Halide::Func(name + "_staged");
  if (geo.inputDefinedEverywhere && !geo.padded()) {
    conv.staged(x, y, c, n) = input(x, y, c, n);
  } else {
    Halide::Expr inside = x >= geo.padL && x < geo.padL + geo.W &&
                          y >= geo.padT && y < geo.padT + geo.H;
    conv.staged(x, y, c, n) = Halide::select(
        inside,
        input(Halide::clamp(x - geo.padL, 0, geo.W - 1),
              Halide::clamp(y - geo.padT, 0, geo.H - 1), c, n),
        0.0f);
  }
  defineProduct(conv, packedWeight, packedBias, relu, name);
  return conv;
}

ConvFuncs buildConvolutionSharingStaging(const ConvFuncs &first,
                                         const ConvGeometry &geo,
                                         const std::vector<float> &weight,
                                         const std::vector<float> &bias,
                                         const std::string &name,
                                         int channelBlock) {
  ConvFuncs conv;
  conv.geo = geo;
  conv.channelBlock = channelBlock;
  conv.blocks = (geo.Og() + channelBlock - 1) / channelBlock;
  conv.staged = first.staged;
  conv.stagingShared = true;
  auto [w, b] = packConstants(geo, weight, bias, name, channelBlock);
  defineProduct(conv, w, b, /*relu=*/false, name);
  return conv;
}

Halide::Func packConvWeight(Halide::Func weight, const ConvGeometry &geo,
                            int channelBlock, const std::string &name) {
  Halide::Var oi("oi"), kx("kx"), ky("ky"), c("c"), ob("ob"), g("g");
  const int Og = geo.Og();
  Halide::Expr ol = ob * channelBlock + oi;
  Halide::Func packed(name);
  packed(oi, kx, ky, c, ob, g) = Halide::select(
      ol < Og, weight(kx, ky, c, g * Og + Halide::min(ol, Og - 1)), 0.0f);
  return packed;
}

Halide::Func asNCHW(const ConvFuncs &conv, const std::string &name) {
  Halide::Var x("x"), y("y"), c("c"), n("n");
  Halide::Func f(name);
  const int Og = conv.geo.Og(), cb = conv.channelBlock;
  Halide::Expr g = conv.geo.groups == 1 ? Halide::Expr(0) : c / Og;
  Halide::Expr ol = conv.geo.groups == 1 ? Halide::Expr(c) : c % Og;
  if (conv.blocks == 1)
    f(x, y, c, n) = conv.out(ol, x, y, 0, g, n);
  else
    f(x, y, c, n) = conv.out(ol % cb, x, y, ol / cb, g, n);
  return f;
}

} // namespace sslc::codegen
