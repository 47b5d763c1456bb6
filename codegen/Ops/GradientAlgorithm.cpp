//===- GradientAlgorithm.cpp - convolution weight gradient in Halide ------===//
#include "codegen/Ops/GradientAlgorithm.h"

namespace sslc::codegen {

ConvGradWeightFuncs buildConvGradWeight(Halide::Func input,
                                        Halide::Func gradOutput,
                                        const ConvGeometry &geo,
                                        const std::string &name) {
  ConvGradWeightFuncs f;
  f.geo = geo;
  const int Og = geo.Og(), Cg = geo.Cg();
  Halide::Var x("x"), y("y"), c("c"), n("n"), ol("ol"), i("i"), j("j"), g("g"),
      kx("kx"), ky("ky");

  f.padded = Halide::Func(name + "_padded");
  Halide::Expr inside = x >= geo.padL && x < geo.padL + geo.W &&
                        y >= geo.padT && y < geo.padT + geo.H;
  f.padded(x, y, c, n) =
      Halide::select(inside,
                     input(Halide::clamp(x - geo.padL, 0, geo.W - 1),
                           Halide::clamp(y - geo.padT, 0, geo.H - 1), c, n),
                     0.0f);

  f.gradT = Halide::Func(name + "_dyT");
  f.gradT(ol, j, i, g, n) =
      gradOutput(j, i, g * Og + Halide::clamp(ol, 0, Og - 1), n);

  f.r = Halide::RDom(0, geo.OW(), 0, geo.OH(), 0, geo.N, name + "_r");
  f.acc = Halide::Func(name + "_acc");
  f.acc(ol, kx, ky, c, g) = 0.0f;
  f.acc(ol, kx, ky, c, g) +=
      f.gradT(ol, f.r.x, f.r.y, g, f.r.z) *
      f.padded(f.r.x * geo.strideW + kx * geo.dilW,
               f.r.y * geo.strideH + ky * geo.dilH, g * Cg + c, f.r.z);

  f.out = Halide::Func(name);
  f.out(ol, kx, ky, c, g) = f.acc(ol, kx, ky, c, g);
  return f;
}

Halide::Func convGradWeightAsOIHW(const ConvGradWeightFuncs &f,
                                  const std::string &name) {
  Halide::Var kx("kx"), ky("ky"), c("c"), o("o");
  const int Og = f.geo.Og();
  Halide::Func w(name);
  if (f.geo.groups == 1)
    w(kx, ky, c, o) = f.out(o, kx, ky, c, 0);
  else
    w(kx, ky, c, o) = f.out(o % Og, kx, ky, c, o / Og);
  return w;
}

} // namespace sslc::codegen
