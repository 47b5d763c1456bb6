//===- OpsCodegenTest.cpp - every inference op through Halide vs naive ----===//
//
// Each ssl inference op is JIT-compiled alone on random data (weights,
// biases and batch-norm statistics included) at several shapes with odd
// channel counts, and compared with the double-precision loops of
// NaiveOps.h: sums within 1e-6 · Σ|terms|, max pooling and data movement
// exactly. Whole networks (LeNet, a residual block) are compared within
// 1e-5 · max|ref|; the model zoo, threading, buffer reuse and a CUDA AOT
// build are checked for what they promise.
//
//===----------------------------------------------------------------------===//
#include "NaiveOps.h"
#include "TestUtil.h"
#include "codegen/Codegen.h"
#include "frontends/Builder.h"
#include "frontends/Zoo.h"

#include "mlir/IR/MLIRContext.h"

#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <optional>
#include <sstream>

using namespace sslc;
using test::RefTensor;

namespace {

//===----------------------------------------------------------------------===//
// Harness
//===----------------------------------------------------------------------===//

/// Builds the body of @main on the network input.
using BodyFn = std::function<mlir::Value(NetworkBuilder &, mlir::Value)>;

/// Builds @main(x) = body(x) for an input of `x.shape`, JIT-compiles it for
/// the host and runs it on `x` into `y`.
void runNetwork(const Tensor &x, const BodyFn &body, Tensor &y,
                const codegen::CompileOptions &options = {}) {
  mlir::MLIRContext ctx;
  std::string diag;
  ctx.getDiagEngine().registerHandler([&](mlir::Diagnostic &d) {
    diag += d.str() + "\n";
    return mlir::success();
  });
  NetworkBuilder b(&ctx, x.shape, /*seed=*/0);
  auto module = b.finish(body(b, b.input()));
  auto exe = codegen::Executable::compile(*module, options);
  ASSERT_TRUE(succeeded(exe)) << diag;
  std::string error;
  ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  EXPECT_EQ(y.shape, (*exe)->outputShapes()[0]);
}

Tensor randomTensor(std::vector<int64_t> shape, uint64_t seed,
                    float scale = 1.0f) {
  Tensor t(std::move(shape));
  t.data = test::randomValues(t.numElements(), seed);
  for (float &v : t.data)
    v *= scale;
  return t;
}

RefTensor refOf(const Tensor &t) { return test::fromFloats(t.shape, t.data); }

/// Uniform in [lo, hi): positive ranges for variances.
std::vector<float> valuesIn(size_t n, uint64_t seed, float lo, float hi) {
  std::vector<float> v = test::randomValues(n, seed);
  for (float &x : v)
    x = lo + (x + 1.0f) * 0.5f * (hi - lo);
  return v;
}

/// A random bias of `n` values, or none.
std::vector<float> randomBias(bool present, int64_t n, uint64_t seed) {
  return present ? test::randomValues(n, seed) : std::vector<float>();
}

/// The bias parameter `name`, or a null value (no bias) when `values` is
/// empty.
mlir::Value biasParameter(NetworkBuilder &b, const std::string &name,
                          const std::vector<float> &values) {
  if (values.empty())
    return {};
  return b.parameter(name, {static_cast<int64_t>(values.size())}, values);
}

/// |got - ref| <= rel · Σ|terms| per element.
void expectWithinTerms(const Tensor &got, const RefTensor &ref, double rel) {
  ASSERT_EQ(got.shape, ref.shape);
  ASSERT_EQ(ref.scale.size(), ref.value.size());
  for (size_t i = 0; i < ref.value.size(); ++i)
    ASSERT_LE(std::fabs(got.data[i] - ref.value[i]), rel * ref.scale[i])
        << "element " << i << ": got " << got.data[i] << ", want "
        << ref.value[i] << " (Σ|terms| " << ref.scale[i] << ")";
}

/// Bit-exact: the op only moves or selects float values.
void expectExact(const Tensor &got, const RefTensor &ref) {
  ASSERT_EQ(got.shape, ref.shape);
  for (size_t i = 0; i < ref.value.size(); ++i)
    ASSERT_EQ(got.data[i], static_cast<float>(ref.value[i])) << "element " << i;
}

/// |got - ref| <= rel · max|ref| (whole networks).
void expectCloseToMax(const Tensor &got, const RefTensor &ref, double rel) {
  ASSERT_EQ(got.shape, ref.shape);
  double peak = 0;
  for (double v : ref.value)
    peak = std::max(peak, std::fabs(v));
  ASSERT_GT(peak, 0.0);
  for (size_t i = 0; i < ref.value.size(); ++i)
    ASSERT_LE(std::fabs(got.data[i] - ref.value[i]), rel * peak)
        << "element " << i << ": got " << got.data[i] << ", want "
        << ref.value[i] << " (max|ref| " << peak << ")";
}

std::string shapeName(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

ConvOptions convOptions(std::vector<int64_t> strides, std::vector<int64_t> pads,
                        std::vector<int64_t> dilations, int64_t groups = 1) {
  ConvOptions o;
  o.strides = std::move(strides);
  o.pads = std::move(pads);
  o.dilations = std::move(dilations);
  o.groups = groups;
  return o;
}

PoolOptions poolOptions(std::vector<int64_t> kernel,
                        std::vector<int64_t> strides, std::vector<int64_t> pads,
                        bool ceilMode) {
  PoolOptions o;
  o.kernel = std::move(kernel);
  o.strides = std::move(strides);
  o.pads = std::move(pads);
  o.ceilMode = ceilMode;
  return o;
}

template <typename Case>
std::string caseName(const ::testing::TestParamInfo<Case> &info) {
  return info.param.name;
}

/// Failure messages name a test case (any struct with a `name` here)
/// instead of dumping its bytes.
template <typename Case, typename = decltype(std::declval<const Case &>().name)>
std::ostream &operator<<(std::ostream &os, const Case &c) {
  return os << c.name;
}

//===----------------------------------------------------------------------===//
// ssl.dense
//===----------------------------------------------------------------------===//

struct DenseCase {
  std::string name;
  int64_t N, K, M;
  bool bias;
};

class DenseOp : public ::testing::TestWithParam<DenseCase> {};

/// The host's schedules again for AVX2 (8 lanes, 16 registers), which an
/// AVX-512 host runs too; empty when the host has no AVX2.
std::optional<codegen::CompileOptions> avx2Options() {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma") ||
      !__builtin_cpu_supports("f16c"))
    return std::nullopt;
  codegen::CompileOptions options;
  options.target = "x86-64-linux-avx-avx2-fma-f16c-sse41";
  return options;
}

void checkDense(const DenseCase &c, const codegen::CompileOptions &options) {
  Tensor x = randomTensor({c.N, c.K}, 1);
  std::vector<float> w = test::randomValues(c.M * c.K, 2);
  std::vector<float> bias = randomBias(c.bias, c.M, 3);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        mlir::Value bv = biasParameter(b, "fc.bias", bias);
        return b.dense(in, b.parameter("fc.weight", {c.M, c.K}, w), bv);
      },
      y, options));
  expectWithinTerms(y, test::dense(refOf(x), w, bias, c.M), 1e-6);
}

TEST_P(DenseOp, MatchesNaiveLoops) { checkDense(GetParam(), {}); }

TEST_P(DenseOp, MatchesNaiveLoopsOnAvx2) {
  std::optional<codegen::CompileOptions> avx2 = avx2Options();
  if (!avx2)
    GTEST_SKIP() << "the host has no AVX2";
  checkDense(GetParam(), *avx2);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, DenseOp,
    ::testing::Values(DenseCase{"N1_K13_M3", 1, 13, 3, true},
                      DenseCase{"N3_K50_M77", 3, 50, 77, true},
                      DenseCase{"N4_K77_M13_nobias", 4, 77, 13, false},
                      // Register-blocked GEMM: whole tiles, and partial
                      // tiles of rows and features at the edges.
                      DenseCase{"N16_K40_M64", 16, 40, 64, true},
                      DenseCase{"N11_K37_M45", 11, 37, 45, true},
                      DenseCase{"N9_K20_M33_nobias", 9, 20, 33, false},
                      // Few rows: tiles of up to 4 vectors of features, the
                      // vector narrowed when the features are fewer than a
                      // vector, threads over features or over rows.
                      DenseCase{"N1_K144_M500", 1, 144, 500, true},
                      DenseCase{"N1_K500_M10", 1, 500, 10, true},
                      DenseCase{"N2_K30_M5_nobias", 2, 30, 5, false},
                      DenseCase{"N7_K20_M70", 7, 20, 70, true},
                      DenseCase{"N64_K12_M10", 64, 12, 10, true},
                      DenseCase{"N1_K600_M1000", 1, 600, 1000, true},
                      // Partial sums over a reduction they do not divide.
                      DenseCase{"N1_K401_M10", 1, 401, 10, true},
                      DenseCase{"N1_K37_M16_nobias", 1, 37, 16, false},
                      DenseCase{"N2_K23_M70", 2, 23, 70, true},
                      // One row: a single tile of 25 feature vectors, and
                      // 13 vectors in two tiles shifted to overlap.
                      DenseCase{"N1_K224_M400", 1, 224, 400, true},
                      DenseCase{"N1_K50_M470", 1, 50, 470, true}),
    caseName<DenseCase>);

//===----------------------------------------------------------------------===//
// ssl.conv2d
//===----------------------------------------------------------------------===//

struct ConvCase {
  std::string name;
  std::vector<int64_t> input; // N, C, H, W
  int64_t O, KH, KW;
  ConvOptions options;
  bool bias = true;
};

class Conv2dOp : public ::testing::TestWithParam<ConvCase> {};

void checkConv(const ConvCase &c, const codegen::CompileOptions &options) {
  const int64_t Cg = c.input[1] / c.options.groups;
  Tensor x = randomTensor(c.input, 11);
  std::vector<float> w = test::randomValues(c.O * Cg * c.KH * c.KW, 12);
  std::vector<float> bias = randomBias(c.bias, c.O, 13);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        mlir::Value bv = biasParameter(b, "conv.bias", bias);
        return b.conv2d(in,
                        b.parameter("conv.weight", {c.O, Cg, c.KH, c.KW}, w),
                        bv, c.options);
      },
      y, options));
  expectWithinTerms(
      y, test::conv2d(refOf(x), w, bias, c.O, c.KH, c.KW, c.options), 1e-6);
}

TEST_P(Conv2dOp, MatchesNaiveLoops) { checkConv(GetParam(), {}); }

TEST_P(Conv2dOp, MatchesNaiveLoopsOnAvx2) {
  std::optional<codegen::CompileOptions> avx2 = avx2Options();
  if (!avx2)
    GTEST_SKIP() << "the host has no AVX2";
  checkConv(GetParam(), *avx2);
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Shapes, Conv2dOp,
    ::testing::Values(
        //       name                                       N  C   H   W     O   KH  KW  strides  pads (t, l, b, r) dilations groups
        ConvCase{"C3_O13_3x3_pad1",                        {1, 3,  13, 13},  13, 3,  3,  convOptions({1, 1}, {1, 1, 1, 1}, {1, 1})},
        ConvCase{"C13_O50_5x3_stride2x3_asympad_dil1x2",   {2, 13, 17, 15},  50, 5,  3,  convOptions({2, 3}, {2, 0, 1, 1}, {1, 2})},
        ConvCase{"C50_O77_3x3_stride2_asympad_dil2x1",     {3, 50, 9,  11},  77, 3,  3,  convOptions({2, 2}, {0, 1, 2, 0}, {2, 1})},
        ConvCase{"C50_O10_groups5_asympad",                {2, 50, 10, 10},  10, 3,  3,  convOptions({1, 1}, {1, 0, 0, 1}, {1, 1}, 5)},
        ConvCase{"C13_depthwise_stride2",                  {2, 13, 9,  8},   13, 3,  3,  convOptions({2, 2}, {1, 1, 1, 1}, {1, 1}, 13)},
        ConvCase{"C77_O77_groups7",                        {1, 77, 6,  7},   77, 3,  3,  convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}, 7)},
        // 39 filters per group: several channel blocks, the last padded.
        ConvCase{"C6_O78_groups2_dil2",                    {1, 6,  12, 12},  78, 3,  3,  convOptions({1, 1}, {2, 2, 2, 2}, {2, 2}, 2)},
        ConvCase{"C77_O3_1x1_nobias",                      {4, 77, 6,  6},   3,  1,  1,  convOptions({1, 1}, {0, 0, 0, 0}, {1, 1}), false},
        ConvCase{"C3_O96_11x11_stride4",                   {1, 3,  35, 35},  96, 11, 11, convOptions({4, 4}, {0, 0, 0, 0}, {1, 1})},
        // Output rows wider than a register row block.
        ConvCase{"C3_O50_3x3_wide_rows",                   {2, 3,  40, 37},  50, 3,  3,  convOptions({1, 1}, {1, 1, 1, 1}, {1, 1})},
        // A 13-pixel row in one register block, input channels innermost.
        ConvCase{"C24_O64_3x3_pad1_whole_rows_of_13",      {2, 24, 13, 13},  64, 3,  3,  convOptions({1, 1}, {1, 1, 1, 1}, {1, 1})},
        // A network result read from the channel blocks in 16×16 tiles.
        ConvCase{"C8_O48_3x3_pad1_transposed_result",      {2, 8,  21, 37},  48, 3,  3,  convOptions({1, 1}, {1, 1, 1, 1}, {1, 1})},
        ConvCase{"C16_O32_groups2_transposed_result",      {1, 16, 10, 20},  32, 3,  3,  convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}, 2)},
        // Fewer filters per group than a vector: vectorized over pixels,
        // tiles shifted inwards at the right and bottom edges.
        ConvCase{"C1_O2_5x5_pixel_tiles",                  {1, 1,  28, 28},  2,  5,  5,  convOptions({1, 1}, {0, 0, 0, 0}, {1, 1})},
        ConvCase{"C2_O9_5x5_pixel_tiles",                  {1, 2,  12, 12},  9,  5,  5,  convOptions({1, 1}, {0, 0, 0, 0}, {1, 1})},
        // 20 and 24 filters fill no whole 16-lane vector of channels: pixel tiles.
        ConvCase{"C1_O20_5x5_pixel_tiles",                 {2, 1,  28, 28},  20, 5,  5,  convOptions({1, 1}, {0, 0, 0, 0}, {1, 1})},
        ConvCase{"C3_O24_3x3_stride2_pad1_pixel_tiles",    {1, 3,  9,  61},  24, 3,  3,  convOptions({2, 2}, {1, 1, 1, 1}, {1, 1})},
        ConvCase{"C8_depthwise_dil2_two_vectors",          {2, 8,  21, 37},  8,  3,  3,  convOptions({1, 1}, {2, 2, 2, 2}, {2, 2}, 8)},
        ConvCase{"C4_O15_3x3_stride2_pixel_tiles",         {1, 4,  31, 45},  15, 3,  3,  convOptions({2, 2}, {1, 1, 1, 1}, {1, 1})},
        // Rows one narrowed vector wide, stacked 2 and 4 into a vector;
        // 6 rows end on a tile shifted inwards.
        ConvCase{"C5_O14_5x5_two_rows_a_vector",           {1, 5,  12, 12},  14, 5,  5,  convOptions({1, 1}, {0, 0, 0, 0}, {1, 1})},
        ConvCase{"C3_O5_3x3_four_rows_a_vector",           {2, 3,  8,  6},   5,  3,  3,  convOptions({1, 1}, {0, 0, 0, 0}, {1, 1})},
        ConvCase{"C6_O6_groups2_stride3_rows_of_3",        {2, 6,  9,  9},   6,  3,  3,  convOptions({3, 3}, {1, 1, 1, 1}, {1, 1}, 2)}),
    caseName<ConvCase>);
// clang-format on

//===----------------------------------------------------------------------===//
// ssl.shape_pruned_conv2d
//===----------------------------------------------------------------------===//

struct PrunedConvCase {
  std::string name;
  std::vector<int64_t> input; // N, C, H, W
  int64_t O, KH, KW;
  ConvOptions options;
  /// Fraction of the C·KH·KW taps kept (at least one).
  double keep;
  bool bias = true;
};

/// A seeded subset of the (c, kh, kw) taps in lexicographic order.
std::vector<int64_t> randomTaps(int64_t C, int64_t KH, int64_t KW, double keep,
                                uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<int64_t> taps;
  for (int64_t c = 0; c < C; ++c)
    for (int64_t ky = 0; ky < KH; ++ky)
      for (int64_t kx = 0; kx < KW; ++kx)
        if (u(rng) < keep)
          taps.insert(taps.end(), {c, ky, kx});
  if (taps.empty())
    taps = {C / 2, KH / 2, KW - 1};
  return taps;
}

class ShapePrunedConv2dOp : public ::testing::TestWithParam<PrunedConvCase> {};

void checkShapePrunedConv(const PrunedConvCase &c,
                          const codegen::CompileOptions &options) {
  std::vector<int64_t> taps =
      randomTaps(c.input[1], c.KH, c.KW, c.keep, /*seed=*/21);
  const int64_t T = static_cast<int64_t>(taps.size()) / 3;
  Tensor x = randomTensor(c.input, 22);
  std::vector<float> w = test::randomValues(c.O * T, 23);
  std::vector<float> bias = randomBias(c.bias, c.O, 24);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        mlir::Value bv = biasParameter(b, "conv.bias", bias);
        return b.shapePrunedConv2d(in, b.parameter("conv.weight", {c.O, T}, w),
                                   bv, taps, {c.KH, c.KW}, c.options);
      },
      y, options));
  expectWithinTerms(y,
                    test::shapePrunedConv2d(refOf(x), w, bias, c.O, taps, c.KH,
                                            c.KW, c.options),
                    1e-6);
}

TEST_P(ShapePrunedConv2dOp, MatchesNaiveLoops) {
  checkShapePrunedConv(GetParam(), {});
}

TEST_P(ShapePrunedConv2dOp, MatchesNaiveLoopsOnAvx2) {
  std::optional<codegen::CompileOptions> avx2 = avx2Options();
  if (!avx2)
    GTEST_SKIP() << "the host has no AVX2";
  checkShapePrunedConv(GetParam(), *avx2);
}

// clang-format off
INSTANTIATE_TEST_SUITE_P(
    Shapes, ShapePrunedConv2dOp,
    ::testing::Values(
        //             name                                   N  C   H   W     O   KH KW strides  pads (t, l, b, r) dilations  keep
        PrunedConvCase{"C3_O13_3x3_pad1_half",               {2, 3,  11, 11},  13, 3, 3, convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}), 0.5},
        PrunedConvCase{"C13_O50_5x5_stride2_asympad_dil1x2", {1, 13, 15, 14},  50, 5, 5, convOptions({2, 2}, {2, 1, 0, 2}, {1, 2}), 0.3},
        PrunedConvCase{"C50_O77_3x3_few_taps",               {3, 50, 7,  9},   77, 3, 3, convOptions({1, 1}, {0, 0, 0, 0}, {1, 1}), 0.05},
        PrunedConvCase{"C13_O3_single_tap_nobias",           {2, 13, 8,  8},   3,  3, 3, convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}), 0.0, false},
        // Rows of 13 (AlexNet's conv3-5): register blocks of 7 pixels read
        // one gathered pixel past the row's end.
        PrunedConvCase{"C24_O40_3x3_pad1_rows_of_13",        {1, 24, 13, 13},  40, 3, 3, convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}), 0.2},
        // Filters that leave the last block at most half full: whole
        // blocks, then one-vector blocks over the same gathered taps (102 =
        // 96 + 6 on AVX-512, 20 = 16 + 4 on AVX2), or over the same padded
        // input when every tap is live (45 = 32 + 13 on AVX-512).
        PrunedConvCase{"C24_O102_3x3_pad1_split_filters",    {1, 24, 13, 13}, 102, 3, 3, convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}), 0.2},
        PrunedConvCase{"C8_O20_3x3_split_filters",           {2, 8,  9,  17},  20, 3, 3, convOptions({1, 1}, {0, 0, 0, 0}, {1, 1}), 0.5},
        PrunedConvCase{"C6_O45_3x3_pad1_all_taps_split",     {1, 6,  10, 19},  45, 3, 3, convOptions({1, 1}, {1, 1, 1, 1}, {1, 1}), 1.0}),
    caseName<PrunedConvCase>);
// clang-format on

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

struct PoolCase {
  std::string name;
  std::vector<int64_t> input;
  PoolOptions options;
};

// clang-format off
const PoolCase kPoolCases[] = {
    //  name                                N  C   H   W    kernel  strides pads (t, l, b, r) ceil
    // 14 → 7 in ceil mode (6 in floor mode); the last window hangs over.
    {"C3_k3s2_ceil",                      {1, 3,  14, 14}, poolOptions({3, 3}, {2, 2}, {0, 0, 0, 0}, true)},
    {"C13_k2s2_asympad_floor",            {2, 13, 11, 9},  poolOptions({2, 2}, {2, 2}, {1, 0, 0, 1}, false)},
    // Rounding up would add a window starting in the bottom padding: dropped.
    {"C50_k3x2_s2x1_asympad_ceil_drop",   {3, 50, 7,  8},  poolOptions({3, 2}, {2, 1}, {1, 1, 2, 1}, true)},
    {"C77_k3s3_ceil",                     {2, 77, 6,  6},  poolOptions({3, 3}, {3, 3}, {0, 0, 0, 0}, true)},
    {"C3_stride_over_kernel_ceil",        {1, 3,  8,  8},  poolOptions({2, 2}, {3, 3}, {0, 0, 0, 0}, true)},
    // The last ceil-mode window runs past the end padding.
    {"C13_k3s2_pad1_ceil_past_pad",       {2, 13, 8,  8},  poolOptions({3, 3}, {2, 2}, {1, 1, 1, 1}, true)},
    // Every window inside the input: taps written out, rows of 12 and 37
    // end on a vector shifted inwards.
    {"C2_k2s2_floor_inside",              {1, 2,  24, 24}, poolOptions({2, 2}, {2, 2}, {0, 0, 0, 0}, false)},
    {"C5_k3x2_s1x2_inside_wide",          {2, 5,  9,  75}, poolOptions({3, 2}, {1, 2}, {0, 0, 0, 0}, false)},
};
// clang-format on

class MaxPool2dOp : public ::testing::TestWithParam<PoolCase> {};

TEST_P(MaxPool2dOp, MatchesNaiveLoopsExactly) {
  const PoolCase &c = GetParam();
  Tensor x = randomTensor(c.input, 31);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        return b.maxPool2d(in, c.options);
      },
      y));
  expectExact(y, test::maxPool2d(refOf(x), c.options));
}

INSTANTIATE_TEST_SUITE_P(Shapes, MaxPool2dOp, ::testing::ValuesIn(kPoolCases),
                         caseName<PoolCase>);

class AvgPool2dOp
    : public ::testing::TestWithParam<std::tuple<PoolCase, bool>> {};

TEST_P(AvgPool2dOp, MatchesNaiveLoops) {
  PoolCase c = std::get<0>(GetParam());
  c.options.countIncludePad = std::get<1>(GetParam());
  Tensor x = randomTensor(c.input, 32);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        return b.avgPool2d(in, c.options);
      },
      y));
  expectWithinTerms(y, test::avgPool2d(refOf(x), c.options), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, AvgPool2dOp,
    ::testing::Combine(::testing::ValuesIn(kPoolCases), ::testing::Bool()),
    [](const ::testing::TestParamInfo<std::tuple<PoolCase, bool>> &info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) ? "_include_pad" : "_exclude_pad");
    });

class GlobalAvgPoolOp : public ::testing::TestWithParam<std::vector<int64_t>> {
};

TEST_P(GlobalAvgPoolOp, MatchesNaiveLoops) {
  Tensor x = randomTensor(GetParam(), 33);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [&](NetworkBuilder &b, mlir::Value in) { return b.globalAvgPool(in); },
      y));
  expectWithinTerms(y, test::globalAvgPool(refOf(x)), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GlobalAvgPoolOp,
    ::testing::Values(std::vector<int64_t>{2, 13, 7, 7},
                      std::vector<int64_t>{1, 77, 8, 8},
                      std::vector<int64_t>{3, 3, 1, 1},
                      std::vector<int64_t>{2, 50, 5, 9}),
    [](const ::testing::TestParamInfo<std::vector<int64_t>> &info) {
      return shapeName(info.param);
    });

//===----------------------------------------------------------------------===//
// ssl.batch_norm
//===----------------------------------------------------------------------===//

struct BatchNormCase {
  std::string name;
  std::vector<int64_t> input;
  float epsilon;
};

class BatchNormOp : public ::testing::TestWithParam<BatchNormCase> {};

TEST_P(BatchNormOp, MatchesNaiveLoops) {
  const BatchNormCase &c = GetParam();
  const int64_t C = c.input[1];
  Tensor x = randomTensor(c.input, 41, 3.0f);
  std::vector<float> gamma = test::randomValues(C, 42);
  std::vector<float> beta = test::randomValues(C, 43);
  std::vector<float> mean = test::randomValues(C, 44);
  std::vector<float> var = valuesIn(C, 45, 0.05f, 4.0f);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        return b.batchNorm(in, b.parameter("bn.weight", {C}, gamma),
                           b.parameter("bn.bias", {C}, beta),
                           b.parameter("bn.running_mean", {C}, mean),
                           b.parameter("bn.running_var", {C}, var), c.epsilon);
      },
      y));
  expectWithinTerms(
      y, test::batchNorm(refOf(x), gamma, beta, mean, var, c.epsilon), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, BatchNormOp,
    ::testing::Values(BatchNormCase{"NCHW_2x13x5x7", {2, 13, 5, 7}, 1e-5f},
                      BatchNormCase{"NCHW_1x77x3x3", {1, 77, 3, 3}, 1e-5f},
                      BatchNormCase{"NC_3x50", {3, 50}, 1e-5f},
                      BatchNormCase{"NCL_3x13x7", {3, 13, 7}, 1e-5f},
                      BatchNormCase{
                          "NCHW_4x3x8x8_eps1e-3", {4, 3, 8, 8}, 1e-3f}),
    [](const ::testing::TestParamInfo<BatchNormCase> &info) {
      std::string name = info.param.name;
      std::replace(name.begin(), name.end(), '-', 'm');
      return name;
    });

//===----------------------------------------------------------------------===//
// Elementwise ops, softmax, flatten, concat
//===----------------------------------------------------------------------===//

class ElementwiseOps : public ::testing::TestWithParam<std::vector<int64_t>> {};

TEST_P(ElementwiseOps, ReluIsExact) {
  Tensor x = randomTensor(GetParam(), 51);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [](NetworkBuilder &b, mlir::Value in) { return b.relu(in); }, y));
  expectExact(y, test::relu(refOf(x)));
}

TEST_P(ElementwiseOps, AddMatchesNaiveLoops) {
  Tensor x = randomTensor(GetParam(), 52);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) { return b.add(in, b.relu(in)); },
      y));
  RefTensor rx = refOf(x);
  expectWithinTerms(y, test::add(rx, test::relu(rx)), 1e-6);
}

TEST_P(ElementwiseOps, DropoutIsTheIdentityAtInference) {
  Tensor x = randomTensor(GetParam(), 53);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) {
        return b.dropout(b.relu(in), 0.5f);
      },
      y));
  expectExact(y, test::relu(refOf(x)));
}

TEST_P(ElementwiseOps, FlattenIsRowMajor) {
  Tensor x = randomTensor(GetParam(), 54);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) { return b.flatten(b.relu(in)); },
      y));
  expectExact(y, test::flatten(test::relu(refOf(x))));
  // Flattening the network input itself reads the argument directly.
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [](NetworkBuilder &b, mlir::Value in) { return b.flatten(in); }, y));
  expectExact(y, test::flatten(refOf(x)));
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ElementwiseOps,
    ::testing::Values(std::vector<int64_t>{2, 13, 5, 7},
                      std::vector<int64_t>{3, 50, 4},
                      std::vector<int64_t>{3, 77},
                      std::vector<int64_t>{1, 3, 8, 8}),
    [](const ::testing::TestParamInfo<std::vector<int64_t>> &info) {
      return shapeName(info.param);
    });

class SoftmaxOp : public ::testing::TestWithParam<std::vector<int64_t>> {};

TEST_P(SoftmaxOp, MatchesNaiveLoops) {
  // Logits in ±4 so the outputs spread over orders of magnitude.
  Tensor x = randomTensor(GetParam(), 61, 4.0f);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [](NetworkBuilder &b, mlir::Value in) { return b.softmax(in); }, y));
  expectWithinTerms(y, test::softmax(refOf(x)), 1e-6);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, SoftmaxOp,
    ::testing::Values(std::vector<int64_t>{1, 10}, std::vector<int64_t>{3, 13},
                      std::vector<int64_t>{2, 77},
                      std::vector<int64_t>{4, 1000}),
    [](const ::testing::TestParamInfo<std::vector<int64_t>> &info) {
      return shapeName(info.param);
    });

TEST(ConcatOp, ChannelsOfDifferentCounts) {
  // Pieces of C, 2C and C channels, the middle one itself a concat.
  Tensor x = randomTensor({2, 13, 6, 9}, 71);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) {
        mlir::Value r = b.relu(in);
        mlir::Value pair = b.concat({r, in}, 1);
        return b.concat({in, pair, r}, 1);
      },
      y));
  RefTensor rx = refOf(x), rr = test::relu(rx);
  RefTensor pair = test::concat({&rr, &rx}, 1);
  expectExact(y, test::concat({&rx, &pair, &rr}, 1));
}

TEST(ConcatOp, AlongHeight) {
  Tensor x = randomTensor({1, 3, 7, 7}, 72);
  PoolOptions halve = poolOptions({2, 1}, {2, 1}, {0, 0, 0, 0}, false);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        return b.concat({in, b.maxPool2d(in, halve)}, 2);
      },
      y));
  RefTensor rx = refOf(x), pooled = test::maxPool2d(rx, halve);
  expectExact(y, test::concat({&rx, &pooled}, 2));
}

TEST(ConcatOp, AlongWidthThreePieces) {
  Tensor x = randomTensor({2, 50, 4, 9}, 73);
  PoolOptions third = poolOptions({1, 3}, {1, 3}, {0, 0, 0, 0}, false);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        return b.concat({b.maxPool2d(in, third), in, b.relu(in)}, 3);
      },
      y));
  RefTensor rx = refOf(x), pooled = test::maxPool2d(rx, third),
            rr = test::relu(rx);
  expectExact(y, test::concat({&pooled, &rx, &rr}, 3));
}

TEST(ConcatOp, AlongBatchAndRank2) {
  Tensor x = randomTensor({3, 77}, 74);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) {
        return b.concat({in, b.relu(in)}, 0);
      },
      y));
  RefTensor rx = refOf(x), rr = test::relu(rx);
  expectExact(y, test::concat({&rx, &rr}, 0));
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) {
        return b.concat({b.relu(in), in}, 1);
      },
      y));
  expectExact(y, test::concat({&rr, &rx}, 1));
}

//===----------------------------------------------------------------------===//
// Whole networks
//===----------------------------------------------------------------------===//

/// Uniform weights with the variance of He initialization, so activations
/// keep their scale through the layers.
std::vector<float> heValues(size_t n, int64_t fanIn, uint64_t seed) {
  std::vector<float> v = test::randomValues(n, seed);
  float a = std::sqrt(6.0f / static_cast<float>(fanIn));
  for (float &x : v)
    x *= a;
  return v;
}

TEST(Networks, LeNetMatchesNaiveForwardPass) {
  struct Layer {
    std::vector<float> w, b;
  };
  Layer conv1{heValues(20 * 25, 25, 81), test::randomValues(20, 82)};
  Layer conv2{heValues(50 * 20 * 25, 20 * 25, 83), test::randomValues(50, 84)};
  Layer ip1{heValues(500 * 800, 800, 85), test::randomValues(500, 86)};
  Layer ip2{heValues(10 * 500, 500, 87), test::randomValues(10, 88)};
  PoolOptions pool; // 2×2, stride 2
  ConvOptions plain;

  Tensor x = randomTensor({2, 1, 28, 28}, 80);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        mlir::Value h =
            b.conv2d(in, b.parameter("conv1.weight", {20, 1, 5, 5}, conv1.w),
                     b.parameter("conv1.bias", {20}, conv1.b), plain);
        h = b.maxPool2d(h, pool);
        h = b.conv2d(h, b.parameter("conv2.weight", {50, 20, 5, 5}, conv2.w),
                     b.parameter("conv2.bias", {50}, conv2.b), plain);
        h = b.flatten(b.maxPool2d(h, pool));
        h = b.relu(b.dense(h, b.parameter("ip1.weight", {500, 800}, ip1.w),
                           b.parameter("ip1.bias", {500}, ip1.b)));
        return b.dense(h, b.parameter("ip2.weight", {10, 500}, ip2.w),
                       b.parameter("ip2.bias", {10}, ip2.b));
      },
      y));

  RefTensor h = test::conv2d(refOf(x), conv1.w, conv1.b, 20, 5, 5, plain);
  h = test::maxPool2d(h, pool);
  h = test::conv2d(h, conv2.w, conv2.b, 50, 5, 5, plain);
  h = test::flatten(test::maxPool2d(h, pool));
  h = test::relu(test::dense(h, ip1.w, ip1.b, 500));
  h = test::dense(h, ip2.w, ip2.b, 10);
  expectCloseToMax(y, h, 1e-5);
}

/// One batch-norm layer's parameters, random with positive variance.
struct BatchNormParams {
  std::vector<float> gamma, beta, mean, var;
  BatchNormParams(int64_t C, uint64_t seed)
      : gamma(valuesIn(C, seed, 0.5f, 1.5f)),
        beta(test::randomValues(C, seed + 1)),
        mean(test::randomValues(C, seed + 2)),
        var(valuesIn(C, seed + 3, 0.25f, 2.0f)) {}

  mlir::Value build(NetworkBuilder &b, mlir::Value x,
                    const std::string &name) const {
    int64_t C = static_cast<int64_t>(gamma.size());
    return b.batchNorm(x, b.parameter(name + ".weight", {C}, gamma),
                       b.parameter(name + ".bias", {C}, beta),
                       b.parameter(name + ".running_mean", {C}, mean),
                       b.parameter(name + ".running_var", {C}, var));
  }
  RefTensor reference(const RefTensor &x) const {
    return test::batchNorm(x, gamma, beta, mean, var, 1e-5);
  }
};

TEST(Networks, ResidualBlockWithProjectionMatchesNaiveForwardPass) {
  // relu(bn2(conv2(relu(bn1(conv1(x))))) + bn3(conv1x1(x))) with a stride-2
  // first conv and projection, 13 → 50 channels, no conv biases (ResNet).
  const int64_t C = 13, O = 50;
  std::vector<float> w1 = heValues(O * C * 9, C * 9, 91);
  std::vector<float> w2 = heValues(O * O * 9, O * 9, 92);
  std::vector<float> wp = heValues(O * C, C, 93);
  BatchNormParams bn1(O, 100), bn2(O, 110), bnp(O, 120);
  ConvOptions first = convOptions({2, 2}, {1, 1, 1, 1}, {1, 1});
  ConvOptions same = convOptions({1, 1}, {1, 1, 1, 1}, {1, 1});
  ConvOptions proj = convOptions({2, 2}, {0, 0, 0, 0}, {1, 1});

  Tensor x = randomTensor({2, C, 9, 9}, 90);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        mlir::Value none;
        mlir::Value h = b.conv2d(
            in, b.parameter("conv1.weight", {O, C, 3, 3}, w1), none, first);
        h = b.relu(bn1.build(b, h, "bn1"));
        h = b.conv2d(h, b.parameter("conv2.weight", {O, O, 3, 3}, w2), none,
                     same);
        h = bn2.build(b, h, "bn2");
        mlir::Value s = b.conv2d(
            in, b.parameter("shortcut.0.weight", {O, C, 1, 1}, wp), none, proj);
        s = bnp.build(b, s, "shortcut.1");
        return b.relu(b.add(h, s));
      },
      y));

  RefTensor rx = refOf(x);
  RefTensor h = test::conv2d(rx, w1, {}, O, 3, 3, first);
  h = test::relu(bn1.reference(h));
  h = bn2.reference(test::conv2d(h, w2, {}, O, 3, 3, same));
  RefTensor s = bnp.reference(test::conv2d(rx, wp, {}, O, 1, 1, proj));
  expectCloseToMax(y, test::relu(test::add(h, s)), 1e-5);
}

TEST(Networks, ClassifierHeadMatchesNaiveForwardPass) {
  // conv → avg pool (ceil, padded) → global pool → dense → softmax: the
  // reductions feeding one another.
  const int64_t C = 3, O = 13, K = 10;
  std::vector<float> w = heValues(O * C * 9, C * 9, 131);
  std::vector<float> cb = test::randomValues(O, 132);
  std::vector<float> fw = heValues(K * O, O, 133);
  std::vector<float> fb = test::randomValues(K, 134);
  ConvOptions same = convOptions({1, 1}, {1, 1, 1, 1}, {1, 1});
  PoolOptions pool = poolOptions({3, 3}, {2, 2}, {1, 1, 1, 1}, true);
  pool.countIncludePad = true;

  Tensor x = randomTensor({3, C, 11, 11}, 130);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        mlir::Value h =
            b.conv2d(in, b.parameter("conv.weight", {O, C, 3, 3}, w),
                     b.parameter("conv.bias", {O}, cb), same);
        h = b.flatten(b.globalAvgPool(b.avgPool2d(b.relu(h), pool)));
        h = b.dense(b.dropout(h, 0.5f), b.parameter("fc.weight", {K, O}, fw),
                    b.parameter("fc.bias", {K}, fb));
        return b.softmax(h);
      },
      y));

  RefTensor h = test::conv2d(refOf(x), w, cb, O, 3, 3, same);
  h = test::flatten(test::globalAvgPool(test::avgPool2d(test::relu(h), pool)));
  h = test::softmax(test::dense(h, fw, fb, K));
  expectCloseToMax(y, h, 1e-5);
}

//===----------------------------------------------------------------------===//
// The model zoo, threads and buffer reuse, CUDA AOT
//===----------------------------------------------------------------------===//

struct ZooCase {
  std::string model;
  int64_t batch;
  std::vector<int64_t> sample; // empty: the model's default
  std::string name;
};

std::vector<ZooCase> zooCases() {
  std::vector<ZooCase> cases;
  for (const std::string &model : zooModelNames()) {
    // The deeper ResNets are compared with the reference interpreter, not
    // only checked for finite outputs, by PruningExactnessTest's
    // ZooModel.DenseNetworkPrunesToItselfAndHalideMatchesReference; each
    // takes minutes to compile.
    if (model == "resnet32" || model == "resnet56")
      continue;
    // AlexNet's 227×227 input at batch 1 is the one slow case.
    int64_t batch = model == "alexnet" ? 1 : 2;
    cases.push_back({model, batch, {}, model});
    // The 1×28×28 variant once: the deeper ResNets share its code path and
    // take minutes to compile.
    if (model == "resnet20")
      cases.push_back({model, batch, {1, 28, 28}, model + "_1x28x28"});
  }
  return cases;
}

class ZooModel : public ::testing::TestWithParam<ZooCase> {};

TEST_P(ZooModel, CompilesAndRunsWithFiniteOutputs) {
  const ZooCase &c = GetParam();
  mlir::MLIRContext ctx;
  ZooOptions options;
  options.batch = c.batch;
  options.sampleShape = c.sample;
  auto module = buildZooModel(&ctx, c.model, options);
  ASSERT_TRUE(module);
  auto exe = codegen::Executable::compile(*module, {});
  ASSERT_TRUE(succeeded(exe));
  const std::vector<int64_t> &inShape = (*exe)->inputShapes()[0];
  ASSERT_EQ(inShape[0], c.batch);
  if (!c.sample.empty()) {
    EXPECT_EQ(std::vector<int64_t>(inShape.begin() + 1, inShape.end()),
              c.sample);
  }

  Tensor x = randomTensor(inShape, 141);
  Tensor y;
  std::string error;
  ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  int64_t classes = c.model == "alexnet" ? 1000 : 10;
  ASSERT_EQ(y.shape, (std::vector<int64_t>{c.batch, classes}));
  for (size_t i = 0; i < y.data.size(); ++i)
    ASSERT_TRUE(std::isfinite(y.data[i])) << "element " << i;
}

INSTANTIATE_TEST_SUITE_P(All, ZooModel, ::testing::ValuesIn(zooCases()),
                         [](const ::testing::TestParamInfo<ZooCase> &info) {
                           return info.param.name;
                         });

TEST(Execution, OwnThreadPoolMatchesSharedPoolAndReusesBuffers) {
  // convnet: parallel convolutions, ceil-mode pools and a dense layer, and
  // quick to compile twice.
  mlir::MLIRContext ctx;
  ZooOptions zoo;
  zoo.batch = 4;
  auto module = buildZooModel(&ctx, "convnet", zoo);
  ASSERT_TRUE(module);
  Tensor x = randomTensor({4, 3, 32, 32}, 151);
  std::string error;

  auto shared = codegen::Executable::compile(*module, {});
  ASSERT_TRUE(succeeded(shared));
  Tensor want;
  ASSERT_TRUE((*shared)->run({&x}, {&want}, error)) << error;

  codegen::CompileOptions two;
  two.threads = 2;
  auto own = codegen::Executable::compile(*module, two);
  ASSERT_TRUE(succeeded(own));
  Tensor got;
  ASSERT_TRUE((*own)->run({&x}, {&got}, error)) << error;
  // Parallel loops split work, never a reduction: results are identical.
  EXPECT_EQ(got.shape, want.shape);
  EXPECT_EQ(got.data, want.data);

  size_t pooled = (*own)->pooledBytes();
  EXPECT_GT(pooled, 0u);
  x = randomTensor({4, 3, 32, 32}, 152);
  ASSERT_TRUE((*own)->run({&x}, {&got}, error)) << error;
  EXPECT_EQ((*own)->pooledBytes(), pooled);
  ASSERT_TRUE((*shared)->run({&x}, {&want}, error)) << error;
  EXPECT_EQ(got.data, want.data);
}

TEST(Aot, ConvModelForCudaCarriesSm61Ptx) {
  mlir::MLIRContext ctx;
  auto module = buildZooModel(&ctx, "lenet", {});
  ASSERT_TRUE(module);
  std::string dir = test::makeTempDir();
  codegen::CompileOptions options;
  options.target = "host-cuda-cuda_capability_61";
  ASSERT_TRUE(succeeded(codegen::emitAOT(
      *module, options, codegen::EmitKind::StaticLibrary, dir + "/lenet")));
  std::ifstream in(dir + "/lenet.a", std::ios::binary);
  std::stringstream archive;
  archive << in.rdbuf();
  EXPECT_NE(archive.str().find(".target sm_61"), std::string::npos);
}

} // namespace
