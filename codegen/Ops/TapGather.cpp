//===- TapGather.cpp - convolutions over live taps and filters ------------===//
#include "codegen/Ops/TapGather.h"

#include <algorithm>

namespace sslc::codegen {

Halide::Func zeroPadded(Halide::Func input, const ConvGeometry &full,
                        const std::string &name) {
  Halide::Var x("x"), y("y"), c("c"), n("n");
  Halide::Func padded(name);
  Halide::Expr inside = x >= full.padL && x < full.padL + full.W &&
                        y >= full.padT && y < full.padT + full.H;
  padded(x, y, c, n) =
      Halide::select(inside,
                     input(Halide::clamp(x - full.padL, 0, full.W - 1),
                           Halide::clamp(y - full.padT, 0, full.H - 1), c, n),
                     0.0f);
  return padded;
}

namespace {

template <typename T>
Halide::Buffer<T> table(const std::vector<T> &values, const std::string &name) {
  Halide::Buffer<T> b(static_cast<int>(values.size()));
  for (size_t i = 0; i < values.size(); ++i)
    b(static_cast<int>(i)) = values[i];
  b.set_name(name);
  return b;
}

} // namespace

Halide::Func gatherTaps(Halide::Func padded, const ConvGeometry &full,
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

  Halide::Var x("x"), y("y"), t("t"), n("n");
  // The tables hold indices within the ranges of the taps themselves;
  // saying so lets bounds inference see the true footprint (a group's own
  // channels) instead of an unbounded access.
  auto range = [&](int k) {
    int lo = static_cast<int>(taps[k]), hi = lo;
    for (size_t i = k; i < taps.size(); i += 3) {
      lo = std::min(lo, static_cast<int>(taps[i]));
      hi = std::max(hi, static_cast<int>(taps[i]));
    }
    return std::make_pair(lo, hi);
  };
  auto [cLo, cHi] = range(0);
  auto [yLo, yHi] = range(1);
  auto [xLo, xHi] = range(2);
  Halide::Expr tc = Halide::unsafe_promise_clamped(tapC(t), cLo, cHi);
  Halide::Expr ty = Halide::unsafe_promise_clamped(tapY(t), yLo, yHi);
  Halide::Expr tx = Halide::unsafe_promise_clamped(tapX(t), xLo, xHi);
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

namespace {

/// The taps of group `g` of `conv`.
std::vector<int64_t> groupTaps(const ShapePrunedConv &conv, int g) {
  std::vector<int64_t> taps;
  const int Cg = conv.full.Cg();
  for (size_t t = 0; t + 2 < conv.taps.size(); t += 3)
    if (conv.taps[t] / Cg == g)
      taps.insert(taps.end(), conv.taps.begin() + t, conv.taps.begin() + t + 3);
  return taps;
}

float biasOf(const ShapePrunedConv &conv, int64_t channel) {
  return conv.bias.empty() ? 0.0f : conv.bias[channel];
}

/// The live filters `rows` of a group as parts of whole blocks: all of them
/// in blocks of `channelBlock`, or, where the last block would be at most
/// half full, that remainder in a part of its own with blocks of half the
/// width (one vector), so that a group of 102 filters computes 96 + 16
/// lanes instead of 128. The second part is a pass of its own over the
/// staged input, so it is taken only where it saves a tenth of the lanes
/// (AlexNet conv3's 228 = 224 + 4 filters ran slower split). Each part is
/// [begin, end) in `rows` with its block.
struct FilterPart {
  size_t begin, end;
  int channelBlock;
};

std::vector<FilterPart> filterParts(size_t rows, int channelBlock) {
  const size_t whole = rows / channelBlock * channelBlock;
  const size_t rest = rows - whole;
  const size_t narrow = static_cast<size_t>(channelBlock / 2);
  if (narrow == 0 || rest == 0 || rest > narrow)
    return {{0, rows, channelBlock}};
  if (whole == 0)
    return {{0, rows, static_cast<int>(narrow)}};
  if (10 * narrow < whole + channelBlock)
    return {{0, rows, channelBlock}};
  return {{0, whole, channelBlock}, {whole, rows, static_cast<int>(narrow)}};
}

/// One register-blocked product per group that computes a filter (two
/// where its filters split as `filterParts` says, sharing the staged
/// input); fills `slot` (the product of each computed channel, -1 for the
/// others) and `row` (its filter within that product).
void buildGroupConvs(Halide::Func input, const ShapePrunedConv &conv,
                     const std::string &name, int channelBlock,
                     ShapePrunedConvFuncs &funcs, std::vector<int32_t> &slot,
                     std::vector<int32_t> &row) {
  const ConvGeometry &full = conv.full;
  const int G = full.groups, Cg = full.Cg(), Og = full.Og();
  const int complete = Cg * full.KH * full.KW;
  for (int g = 0; g < G; ++g) {
    std::vector<int> rows; // indices into conv.filters
    for (size_t i = 0; i < conv.filters.size(); ++i)
      if (conv.filters[i] / Og == g)
        rows.push_back(static_cast<int>(i));
    if (rows.empty())
      continue;
    std::vector<int64_t> taps = groupTaps(conv, g);
    const int T = static_cast<int>(taps.size() / 3);
    std::string groupName = G == 1 ? name : name + "_g" + std::to_string(g);
    Halide::Func source = input, padded;
    ConvGeometry geo;
    if (T == complete) {
      // Every tap live: the direct convolution of the group's channels on
      // its live filters (the taps, in (c, kh, kw) order, are OIHW).
      geo = full;
      geo.C = Cg;
      geo.groups = 1;
      if (G > 1) {
        Halide::Var x("x"), y("y"), c("c"), n("n");
        source = Halide::Func(groupName + "_in");
        source(x, y, c, n) = input(x, y, c + g * Cg, n);
      }
    } else {
      padded = zeroPadded(input, full, groupName + "_padded");
      source = gatherTaps(padded, full, taps, groupName);
      geo = gatheredGeometry(full, T);
      geo.inputDefinedEverywhere = true;
    }
    const ConvFuncs *first = nullptr;
    for (const FilterPart &part : filterParts(rows.size(), channelBlock)) {
      const size_t count = part.end - part.begin;
      std::vector<float> weight(count * T), bias(count);
      for (size_t r = 0; r < count; ++r) {
        const int filter = rows[part.begin + r];
        for (int t = 0; t < T; ++t)
          weight[r * T + t] = conv.weight[size_t(filter) * conv.columns + t];
        bias[r] = biasOf(conv, conv.filters[filter]);
        slot[conv.filters[filter]] =
            static_cast<int32_t>(funcs.groupConvs.size());
        row[conv.filters[filter]] = static_cast<int32_t>(r);
      }
      geo.O = static_cast<int>(count);
      std::shared_ptr<ConvFuncs> product;
      if (!first) {
        product = std::make_shared<ConvFuncs>(
            buildConvolution(source, geo, weight, bias, /*relu=*/false,
                             groupName, part.channelBlock));
        product->stagingSource = padded;
        first = product.get();
      } else {
        product = std::make_shared<ConvFuncs>(buildConvolutionSharingStaging(
            *first, geo, weight, bias, groupName + "_rest",
            part.channelBlock));
      }
      funcs.groupConvs.push_back(std::move(product));
    }
  }
}

/// The reduction per computed filter over its group's taps; `row` maps a
/// computed channel to its filter.
std::shared_ptr<TapConvFuncs> buildTapConv(Halide::Func input,
                                           const ShapePrunedConv &conv,
                                           const std::string &name,
                                           std::vector<int32_t> &row) {
  const ConvGeometry &full = conv.full;
  const int Og = full.Og(), Cg = full.Cg();
  const int F = static_cast<int>(conv.filters.size());
  const int T = static_cast<int>(conv.taps.size() / 3);
  std::vector<int32_t> tapC(T), tapY(T), tapX(T), start(F), count(F);
  std::vector<int32_t> groupStart(full.groups + 1, 0);
  for (int t = 0; t < T; ++t) {
    tapC[t] = static_cast<int32_t>(conv.taps[3 * t]);
    tapY[t] = static_cast<int32_t>(conv.taps[3 * t + 1]);
    tapX[t] = static_cast<int32_t>(conv.taps[3 * t + 2]);
    ++groupStart[tapC[t] / Cg + 1];
  }
  for (int g = 0; g < full.groups; ++g)
    groupStart[g + 1] += groupStart[g];
  std::vector<float> bias(F);
  for (int i = 0; i < F; ++i) {
    int g = static_cast<int>(conv.filters[i] / Og);
    start[i] = groupStart[g];
    count[i] = groupStart[g + 1] - groupStart[g];
    bias[i] = biasOf(conv, conv.filters[i]);
    row[conv.filters[i]] = i;
  }
  Halide::Buffer<float> weight(conv.columns, F);
  for (int i = 0; i < F; ++i)
    for (int t = 0; t < conv.columns; ++t)
      weight(t, i) = conv.weight[size_t(i) * conv.columns + t];
  weight.set_name(name + "_weight");
  Halide::Buffer<int32_t> cBuf = table(tapC, name + "_tap_c"),
                          yBuf = table(tapY, name + "_tap_y"),
                          xBuf = table(tapX, name + "_tap_x"),
                          startBuf = table(start, name + "_tap_start"),
                          countBuf = table(count, name + "_tap_count");
  Halide::Buffer<float> biasBuf = table(bias, name + "_bias");

  auto f = std::make_shared<TapConvFuncs>();
  f->full = full;
  f->filters = F;
  f->columns = conv.columns;
  f->padded = zeroPadded(input, full, name + "_padded");
  Halide::Var x("x"), y("y"), i("i"), n("n");
  // Only the taps of the filter's own group: a predicate on the filter,
  // so the loop over taps stops at the group's count.
  f->r = Halide::RDom(0, conv.columns, name + "_r");
  f->r.where(f->r.x < countBuf(i));
  Halide::Expr t =
      Halide::unsafe_promise_clamped(startBuf(i) + f->r.x, 0, T - 1);
  Halide::Expr tc = Halide::unsafe_promise_clamped(cBuf(t), 0, full.C - 1);
  Halide::Expr ty = Halide::unsafe_promise_clamped(yBuf(t), 0, full.KH - 1);
  Halide::Expr tx = Halide::unsafe_promise_clamped(xBuf(t), 0, full.KW - 1);
  f->acc = Halide::Func(name + "_acc");
  f->acc(x, y, i, n) = 0.0f;
  f->acc(x, y, i, n) +=
      weight(f->r.x, i) * f->padded(x * full.strideW + tx * full.dilW,
                                    y * full.strideH + ty * full.dilH, tc, n);
  f->out = Halide::Func(name);
  f->out(x, y, i, n) = f->acc(x, y, i, n) + biasBuf(i);
  return f;
}

} // namespace

ShapePrunedConvFuncs buildShapePrunedConvolution(Halide::Func input,
                                                 const ShapePrunedConv &conv,
                                                 const std::string &name,
                                                 int channelBlock) {
  ShapePrunedConvFuncs funcs;
  const int O = conv.full.O;
  const int F = static_cast<int>(conv.filters.size());
  std::vector<int32_t> slot(O, -1), row(O, -1);
  Halide::Var x("x"), y("y"), c("c"), n("n");
  funcs.nchw = Halide::Func(name + "_nchw");
  if (conv.full.groups <= kMaxBlockedGroups) {
    buildGroupConvs(input, conv, name, channelBlock, funcs, slot, row);
    std::vector<Halide::Func> groups;
    for (size_t k = 0; k < funcs.groupConvs.size(); ++k)
      groups.push_back(
          asNCHW(*funcs.groupConvs[k], name + "_part" + std::to_string(k)));
    if (groups.size() == 1 && F == O) {
      funcs.nchw(x, y, c, n) = groups[0](x, y, c, n);
      return funcs;
    }
    Halide::Buffer<int32_t> slotBuf = table(slot, name + "_slot"),
                            rowBuf = table(row, name + "_row");
    std::vector<float> constant(O);
    for (int o = 0; o < O; ++o)
      constant[o] = biasOf(conv, o);
    Halide::Buffer<float> constBuf = table(constant, name + "_const");
    Halide::Expr value = constBuf(c);
    for (size_t k = 0; k < groups.size(); ++k) {
      int rows = funcs.groupConvs[k]->geo.O;
      value = Halide::select(
          slotBuf(c) == static_cast<int>(k),
          groups[k](x, y, Halide::clamp(rowBuf(c), 0, rows - 1), n), value);
    }
    funcs.nchw(x, y, c, n) = value;
    return funcs;
  }
  funcs.tapConv = buildTapConv(input, conv, name, row);
  if (F == O) {
    funcs.nchw(x, y, c, n) = funcs.tapConv->out(x, y, c, n);
    return funcs;
  }
  std::vector<float> constant(O);
  for (int o = 0; o < O; ++o)
    constant[o] = biasOf(conv, o);
  Halide::Buffer<float> constBuf = table(constant, name + "_const");
  Halide::Buffer<int32_t> rowBuf = table(row, name + "_row");
  funcs.nchw(x, y, c, n) = Halide::select(
      rowBuf(c) >= 0,
      funcs.tapConv->out(x, y, Halide::clamp(rowBuf(c), 0, F - 1), n),
      constBuf(c));
  return funcs;
}

} // namespace sslc::codegen
