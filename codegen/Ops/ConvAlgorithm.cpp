//===- ConvAlgorithm.cpp - direct convolution as Halide Funcs -------------===//
#include "codegen/Ops/ConvAlgorithm.h"

namespace sslc::codegen {

ConvFuncs buildConvolution(Halide::Func input, const ConvGeometry &geo,
                           const std::vector<float> &weight,
                           const std::vector<float> &bias, bool relu,
                           const std::string &name, int channelBlock) {
  ConvFuncs conv;
  conv.geo = geo;
  conv.channelBlock = channelBlock;
  const int Og = geo.Og(), Cg = geo.Cg(), G = geo.groups;
  const int cb = channelBlock;
  conv.blocks = (Og + cb - 1) / cb;

  // Weights packed as (oi, kx, ky, c, ob, g): a block's filters are one
  // contiguous span, oi innermost, zero filters padding the last block.
  Halide::Buffer<float> packed(cb, geo.KW, geo.KH, Cg, conv.blocks, G);
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
  Halide::Buffer<float> biasBuf(cb, conv.blocks, G);
  biasBuf.set_name(name + "_bias");
  biasBuf.fill(0.0f);
  for (int g = 0; g < G && !bias.empty(); ++g)
    for (int ol = 0; ol < Og; ++ol)
      biasBuf(ol % cb, ol / cb, g) = bias[g * Og + ol];

  Halide::Var x("x"), y("y"), c("c"), n("n"), oi("oi"), ob("ob"), g("g");
  // Padding materialized once, so the reduction reads without conditions.
  conv.staged = Halide::Func(name + "_staged");
  Halide::Expr inside = x >= geo.padL && x < geo.padL + geo.W &&
                        y >= geo.padT && y < geo.padT + geo.H;
  conv.staged(x, y, c, n) = Halide::select(
      inside,
      input(Halide::clamp(x - geo.padL, 0, geo.W - 1),
            Halide::clamp(y - geo.padT, 0, geo.H - 1), c, n),
      0.0f);

  conv.r = Halide::RDom(0, geo.KW, 0, geo.KH, 0, Cg, name + "_r");
  Halide::RVar kx = conv.r.x, ky = conv.r.y, rc = conv.r.z;
  conv.acc = Halide::Func(name + "_acc");
  conv.acc(oi, x, y, ob, g, n) = 0.0f;
  conv.acc(oi, x, y, ob, g, n) +=
      conv.staged(x * geo.strideW + kx * geo.dilW,
                  y * geo.strideH + ky * geo.dilH, g * Cg + rc, n) *
      packed(oi, kx, ky, rc, ob, g);

  conv.out = Halide::Func(name);
  Halide::Expr v = conv.acc(oi, x, y, ob, g, n) + biasBuf(oi, ob, g);
  conv.out(oi, x, y, ob, g, n) = relu ? Halide::max(v, 0.0f) : v;
  return conv;
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
