//===- TapGather.cpp - im2col restricted to live taps ---------------------===//
#include "codegen/Ops/TapGather.h"

namespace sslc::codegen {

Halide::Func gatherTaps(Halide::Func input, const ConvGeometry &full,
                        const std::vector<int64_t> &taps,
                        const std::string &name) {
  const int T = static_cast<int>(taps.size() / 3);
  Halide::Buffer<int32_t> tapC(T), tapY(T), tapX(T);
  for (int t = 0; t < T; ++t) {
    tapC(t) = static_cast<int32_t>(taps[3 * t]);
    tapY(t) = static_cast<int32_t>(taps[3 * t + 1]);
    tapX(t) = static_cast<int32_t>(taps[3 * t + 2]);
  }
  tapC.set_name(name + "_tap_c");
  tapY.set_name(name + "_tap_y");
  tapX.set_name(name + "_tap_x");

  Halide::Var x("x"), y("y"), c("c"), t("t"), n("n");
  Halide::Func padded(name + "_padded");
  Halide::Expr inside = x >= full.padL && x < full.padL + full.W &&
                        y >= full.padT && y < full.padT + full.H;
  padded(x, y, c, n) = Halide::select(
      inside,
      input(Halide::clamp(x - full.padL, 0, full.W - 1),
            Halide::clamp(y - full.padT, 0, full.H - 1), c, n),
      0.0f);
  // The tables hold in-range indices; saying so lets bounds inference see
  // the true footprint instead of an unbounded access.
  Halide::Expr tc = Halide::unsafe_promise_clamped(tapC(t), 0, full.C - 1);
  Halide::Expr ty = Halide::unsafe_promise_clamped(tapY(t), 0, full.KH - 1);
  Halide::Expr tx = Halide::unsafe_promise_clamped(tapX(t), 0, full.KW - 1);
  Halide::Func gathered(name + "_taps");
  gathered(x, y, t, n) = padded(x * full.strideW + tx * full.dilW,
                                y * full.strideH + ty * full.dilH, tc, n);
  return gathered;
}

ConvGeometry gatheredGeometry(const ConvGeometry &full, int taps) {
  ConvGeometry g;
  g.N = full.N;
  g.C = taps;
  g.H = full.OH();
  g.W = full.OW();
  g.O = full.O;
  return g;
}

} // namespace sslc::codegen
