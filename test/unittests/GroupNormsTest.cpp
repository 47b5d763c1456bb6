//===- GroupNormsTest.cpp - group norms against naive loops ---------------===//
//
// Every group kind on random weights, checked against loops that spell out
// the paper's definition of each group with explicit multi-indices.
//
//===----------------------------------------------------------------------===//
#include "passes/Analysis/GroupNorms.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

using sslc::computeGroupNorms;
using sslc::GroupNorms;
using sslc::ssl::GroupKind;

namespace {

// A deliberately non-square OIHW shape so that swapped axes show up.
constexpr int64_t N = 5, C = 3, KH = 2, KW = 4;
// A dense [N, K] shape.
constexpr int64_t Rows = 6, Cols = 7;

std::vector<float> randomValues(int64_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> values(count);
  for (float &v : values)
    v = dist(rng);
  return values;
}

int64_t convIndex(int64_t n, int64_t c, int64_t h, int64_t w) {
  return ((n * C + c) * KH + h) * KW + w;
}

/// Naive per-group sums of squares of a conv weight: one loop nest per kind,
/// each a direct transcription of W[n,:,:,:], W[:,c,:,:], W[:,c,h,w] and
/// W[n,c,:,:].
std::vector<double> naiveConvNorms(GroupKind kind,
                                   const std::vector<float> &w) {
  std::vector<double> norms;
  auto sq = [&](int64_t n, int64_t c, int64_t h, int64_t x) {
    double v = w[convIndex(n, c, h, x)];
    return v * v;
  };
  switch (kind) {
  case GroupKind::Filter:
    for (int64_t n = 0; n < N; ++n) {
      double s = 0;
      for (int64_t c = 0; c < C; ++c)
        for (int64_t h = 0; h < KH; ++h)
          for (int64_t x = 0; x < KW; ++x)
            s += sq(n, c, h, x);
      norms.push_back(std::sqrt(s));
    }
    break;
  case GroupKind::Channel:
    for (int64_t c = 0; c < C; ++c) {
      double s = 0;
      for (int64_t n = 0; n < N; ++n)
        for (int64_t h = 0; h < KH; ++h)
          for (int64_t x = 0; x < KW; ++x)
            s += sq(n, c, h, x);
      norms.push_back(std::sqrt(s));
    }
    break;
  case GroupKind::Shape:
    for (int64_t c = 0; c < C; ++c)
      for (int64_t h = 0; h < KH; ++h)
        for (int64_t x = 0; x < KW; ++x) {
          double s = 0;
          for (int64_t n = 0; n < N; ++n)
            s += sq(n, c, h, x);
          norms.push_back(std::sqrt(s));
        }
    break;
  case GroupKind::Kernel2D:
    for (int64_t n = 0; n < N; ++n)
      for (int64_t c = 0; c < C; ++c) {
        double s = 0;
        for (int64_t h = 0; h < KH; ++h)
          for (int64_t x = 0; x < KW; ++x)
            s += sq(n, c, h, x);
        norms.push_back(std::sqrt(s));
      }
    break;
  case GroupKind::Depth: {
    double s = 0;
    for (float v : w)
      s += double(v) * v;
    norms.push_back(std::sqrt(s));
    break;
  }
  default:
    ADD_FAILURE() << "not a convolution kind";
  }
  return norms;
}

/// Naive row (W[n, :]) and column (W[:, k]) norms of a dense weight.
std::vector<double> naiveDenseNorms(GroupKind kind,
                                    const std::vector<float> &w) {
  std::vector<double> norms;
  if (kind == GroupKind::Row) {
    for (int64_t n = 0; n < Rows; ++n) {
      double s = 0;
      for (int64_t k = 0; k < Cols; ++k)
        s += double(w[n * Cols + k]) * w[n * Cols + k];
      norms.push_back(std::sqrt(s));
    }
  } else {
    for (int64_t k = 0; k < Cols; ++k) {
      double s = 0;
      for (int64_t n = 0; n < Rows; ++n)
        s += double(w[n * Cols + k]) * w[n * Cols + k];
      norms.push_back(std::sqrt(s));
    }
  }
  return norms;
}

void expectNormsNear(const std::vector<double> &expected,
                     const std::vector<double> &actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t g = 0; g < expected.size(); ++g)
    EXPECT_NEAR(expected[g], actual[g], 1e-12 * (1.0 + expected[g]))
        << "group " << g;
}

GroupNorms compute(GroupKind kind, std::vector<int64_t> shape,
                   const std::vector<float> &values, float tolerance = 0.0f) {
  llvm::FailureOr<GroupNorms> norms =
      computeGroupNorms(kind, shape, values, tolerance);
  EXPECT_TRUE(llvm::succeeded(norms));
  return llvm::succeeded(norms) ? *norms : GroupNorms();
}

const std::vector<int64_t> kConvShape = {N, C, KH, KW};
const std::vector<int64_t> kDenseShape = {Rows, Cols};

class ConvGroupNormsTest : public ::testing::TestWithParam<GroupKind> {};

TEST_P(ConvGroupNormsTest, MatchesNaiveLoopsOnRandomWeights) {
  for (unsigned seed : {1u, 2u, 3u}) {
    std::vector<float> w = randomValues(N * C * KH * KW, seed);
    GroupNorms norms = compute(GetParam(), kConvShape, w);
    expectNormsNear(naiveConvNorms(GetParam(), w), norms.norms);
    EXPECT_EQ(norms.getNumZeroGroups(), 0);
  }
}

TEST_P(ConvGroupNormsTest, GroupIndexMatchesTheNormOrder) {
  // Put a distinct value in one element at a time and check that exactly the
  // group getGroupIndex names has a nonzero norm.
  GroupKind kind = GetParam();
  for (int64_t i = 0; i < N * C * KH * KW; i += 7) {
    std::vector<float> w(N * C * KH * KW, 0.0f);
    w[i] = 2.0f;
    GroupNorms norms = compute(kind, kConvShape, w);
    int64_t group = sslc::getGroupIndex(kind, kConvShape, i);
    for (int64_t g = 0; g < norms.getNumGroups(); ++g) {
      EXPECT_EQ(norms.norms[g], g == group ? 2.0 : 0.0) << "element " << i;
      EXPECT_EQ(norms.isZero[g], g != group) << "element " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllKinds, ConvGroupNormsTest,
    ::testing::Values(GroupKind::Filter, GroupKind::Channel, GroupKind::Shape,
                      GroupKind::Kernel2D, GroupKind::Depth),
    [](const auto &info) {
      return sslc::ssl::stringifyGroupKind(info.param).str();
    });

TEST(GroupNormsTest, DenseRowsAndColumns) {
  for (unsigned seed : {4u, 5u}) {
    std::vector<float> w = randomValues(Rows * Cols, seed);
    for (GroupKind kind : {GroupKind::Row, GroupKind::Column}) {
      GroupNorms norms = compute(kind, kDenseShape, w);
      expectNormsNear(naiveDenseNorms(kind, w), norms.norms);
    }
    GroupNorms depth = compute(GroupKind::Depth, kDenseShape, w);
    double s = 0;
    for (float v : w)
      s += double(v) * v;
    expectNormsNear({std::sqrt(s)}, depth.norms);
  }
}

TEST(GroupNormsTest, GroupCounts) {
  using sslc::getNumGroups;
  EXPECT_EQ(getNumGroups(GroupKind::Filter, kConvShape), N);
  EXPECT_EQ(getNumGroups(GroupKind::Channel, kConvShape), C);
  EXPECT_EQ(getNumGroups(GroupKind::Shape, kConvShape), C * KH * KW);
  EXPECT_EQ(getNumGroups(GroupKind::Kernel2D, kConvShape), N * C);
  EXPECT_EQ(getNumGroups(GroupKind::Depth, kConvShape), 1);
  EXPECT_EQ(getNumGroups(GroupKind::Row, kDenseShape), Rows);
  EXPECT_EQ(getNumGroups(GroupKind::Column, kDenseShape), Cols);
  EXPECT_EQ(getNumGroups(GroupKind::Depth, {3, 4, 5}), 1);
}

TEST(GroupNormsTest, DepthTakesAnyRank) {
  std::vector<float> w = randomValues(24, 6);
  double s = 0;
  for (float v : w)
    s += double(v) * v;
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{24}, {2, 3, 4}, {1, 2, 3, 4}}) {
    GroupNorms norms = compute(GroupKind::Depth, shape, w);
    expectNormsNear({std::sqrt(s)}, norms.norms);
  }
  GroupNorms scalar = compute(GroupKind::Depth, {}, {-3.0f});
  expectNormsNear({3.0}, scalar.norms);
}

TEST(GroupNormsTest, DetectsZeroedGroupsOfEveryKind) {
  struct Case {
    GroupKind kind;
    std::vector<int64_t> shape;
    std::vector<int64_t> zeroGroups;
  };
  // Zero the groups through the naive multi-index definition, then expect
  // exactly those flags.
  std::vector<Case> cases = {
      {GroupKind::Filter, kConvShape, {1, 3}},
      {GroupKind::Channel, kConvShape, {0, 2}},
      {GroupKind::Shape, kConvShape, {2 * KH * KW + 1 * KW + 3, 0}},
      {GroupKind::Kernel2D, kConvShape, {4 * C + 1, 0 * C + 2}},
      {GroupKind::Row, kDenseShape, {2, 5}},
      {GroupKind::Column, kDenseShape, {0, 6}},
  };
  for (const Case &test : cases) {
    bool conv = test.shape.size() == 4;
    std::vector<float> w =
        randomValues(conv ? N * C * KH * KW : Rows * Cols, 7);
    for (int64_t g : test.zeroGroups) {
      if (!conv) {
        for (int64_t n = 0; n < Rows; ++n)
          for (int64_t k = 0; k < Cols; ++k)
            if ((test.kind == GroupKind::Row ? n : k) == g)
              w[n * Cols + k] = 0.0f;
        continue;
      }
      for (int64_t n = 0; n < N; ++n)
        for (int64_t c = 0; c < C; ++c)
          for (int64_t h = 0; h < KH; ++h)
            for (int64_t x = 0; x < KW; ++x) {
              bool inGroup = false;
              switch (test.kind) {
              case GroupKind::Filter:
                inGroup = n == g;
                break;
              case GroupKind::Channel:
                inGroup = c == g;
                break;
              case GroupKind::Shape:
                inGroup =
                    c == g / (KH * KW) && h == (g / KW) % KH && x == g % KW;
                break;
              case GroupKind::Kernel2D:
                inGroup = n == g / C && c == g % C;
                break;
              default:
                break;
              }
              if (inGroup)
                w[convIndex(n, c, h, x)] = 0.0f;
            }
    }
    GroupNorms norms = compute(test.kind, test.shape, w);
    EXPECT_EQ(norms.getNumZeroGroups(),
              static_cast<int64_t>(test.zeroGroups.size()))
        << sslc::ssl::stringifyGroupKind(test.kind).str();
    for (int64_t g = 0; g < norms.getNumGroups(); ++g) {
      bool expected =
          std::count(test.zeroGroups.begin(), test.zeroGroups.end(), g) > 0;
      EXPECT_EQ(norms.isZero[g], expected)
          << sslc::ssl::stringifyGroupKind(test.kind).str() << " group " << g;
      EXPECT_EQ(norms.norms[g] == 0.0, expected);
    }
  }
}

TEST(GroupNormsTest, ToleranceBoundsEveryElement) {
  // Filter 0 holds values up to 1e-5 in magnitude, filter 1 one value just
  // above the tolerance, filter 2 negative zeros.
  std::vector<float> w = randomValues(N * C * KH * KW, 8);
  int64_t perFilter = C * KH * KW;
  for (int64_t i = 0; i < perFilter; ++i) {
    w[i] = (i % 2 ? 1e-5f : -1e-5f) * float(i % 3) / 2.0f;
    w[perFilter + i] = 0.0f;
    w[2 * perFilter + i] = -0.0f;
  }
  w[perFilter + 5] = 2e-4f;

  GroupNorms exact = compute(GroupKind::Filter, kConvShape, w);
  EXPECT_FALSE(exact.isZero[0]);
  EXPECT_FALSE(exact.isZero[1]);
  EXPECT_TRUE(exact.isZero[2]);

  GroupNorms loose = compute(GroupKind::Filter, kConvShape, w, 1e-4f);
  EXPECT_TRUE(loose.isZero[0]);
  EXPECT_FALSE(loose.isZero[1]);
  EXPECT_TRUE(loose.isZero[2]);
  EXPECT_FALSE(loose.isZero[3]);
  // The bound is inclusive.
  GroupNorms inclusive = compute(GroupKind::Filter, kConvShape, w, 2e-4f);
  EXPECT_TRUE(inclusive.isZero[1]);
}

TEST(GroupNormsTest, NaNIsNeverZero) {
  std::vector<float> w(Rows * Cols, 0.0f);
  w[3 * Cols + 2] = std::numeric_limits<float>::quiet_NaN();
  GroupNorms norms = compute(GroupKind::Row, kDenseShape, w, 1.0f);
  EXPECT_FALSE(norms.isZero[3]);
  EXPECT_EQ(norms.getNumZeroGroups(), Rows - 1);
}

TEST(GroupNormsTest, RejectsShapesThatDoNotFitTheKind) {
  std::vector<float> conv(N * C * KH * KW, 1.0f);
  std::vector<float> dense(Rows * Cols, 1.0f);
  EXPECT_TRUE(
      llvm::failed(computeGroupNorms(GroupKind::Row, kConvShape, conv)));
  EXPECT_TRUE(
      llvm::failed(computeGroupNorms(GroupKind::Filter, kDenseShape, dense)));
  EXPECT_TRUE(
      llvm::failed(computeGroupNorms(GroupKind::Shape, {N, C, KH}, conv)));
  // One float per element.
  EXPECT_TRUE(llvm::failed(
      computeGroupNorms(GroupKind::Filter, kConvShape, {1.0f, 2.0f})));
  EXPECT_TRUE(llvm::failed(computeGroupNorms(GroupKind::Depth, {-1}, {})));
  EXPECT_FALSE(sslc::isValidGroupShape(GroupKind::Column, {3}));
  EXPECT_TRUE(sslc::isValidGroupShape(GroupKind::Depth, {3}));
}

} // namespace
