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
  conv.ogPadded = (Og + channelBlock - 1) / channelBlock * channelBlock;

  // Weights packed as (ol, kx, ky, c, g), ol innermost and zero-padded to
  // the block, so every block reads whole vectors in bounds.
  Halide::Buffer<float> packed(conv.ogPadded, geo.KW, geo.KH, Cg, G);
  packed.set_name(name + "_weight");
  packed.fill(0.0f);
  for (int g = 0; g < G; ++g)
    for (int ol = 0; ol < Og; ++ol)
      for (int c = 0; c < Cg; ++c)
        for (int ky = 0; ky < geo.KH; ++ky)
          for (int kx = 0; kx < geo.KW; ++kx)
            packed(ol, kx, ky, c, g) =
                weight[((size_t(g * Og + ol) * Cg + c) * geo.KH + ky) * geo.KW +
                       kx];
  Halide::Buffer<float> biasBuf(conv.ogPadded, G);
  biasBuf.set_name(name + "_bias");
  biasBuf.fill(0.0f);
  for (int g = 0; g < G && !bias.empty(); ++g)
    for (int ol = 0; ol < Og; ++ol)
      biasBuf(ol, g) = bias[g * Og + ol];

  Halide::Var x("x"), y("y"), c("c"), n("n"), ol("ol"), g("g");
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
  conv.acc(ol, x, y, g, n) = 0.0f;
  conv.acc(ol, x, y, g, n) +=
      conv.staged(x * geo.strideW + kx * geo.dilW,
                  y * geo.strideH + ky * geo.dilH, g * Cg + rc, n) *
      packed(ol, kx, ky, rc, g);

  conv.out = Halide::Func(name);
  Halide::Expr v = conv.acc(ol, x, y, g, n) + biasBuf(ol, g);
  conv.out(ol, x, y, g, n) = relu ? Halide::max(v, 0.0f) : v;
  return conv;
}

Halide::Func asNCHW(const ConvFuncs &conv, const std::string &name) {
  Halide::Var x("x"), y("y"), c("c"), n("n");
  Halide::Func f(name);
  const int Og = conv.geo.Og();
  if (conv.geo.groups == 1)
    f(x, y, c, n) = conv.out(c, x, y, 0, n);
  else
    f(x, y, c, n) = conv.out(c % Og, x, y, c / Og, n);
  return f;
}

} // namespace sslc::codegen
