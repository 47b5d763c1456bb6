//===- NaiveOps.h - reference loops for the inference ops -------*- C++ -*-===//
//
// Every ssl inference op as the plainest loops over row-major NCHW data, in
// double precision, written from the op descriptions in SSLOps.td rather
// than from the Halide lowering so the two can disagree. Ops that sum also
// return, per output element, Σ|terms|: float rounding error is
// proportional to it, so tests compare against `rel · scale`.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_TEST_UNITTESTS_NAIVEOPS_H
#define SSLC_TEST_UNITTESTS_NAIVEOPS_H

#include "frontends/Builder.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <vector>

namespace sslc::test {

/// A reference tensor: row-major values and, for ops that sum, the
/// per-element Σ|terms| (empty otherwise).
struct RefTensor {
  std::vector<int64_t> shape;
  std::vector<double> value;
  std::vector<double> scale;

  RefTensor() = default;
  explicit RefTensor(std::vector<int64_t> s) : shape(std::move(s)) {
    value.assign(numElements(), 0.0);
  }
  int64_t numElements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
  double &at(int64_t n, int64_t c, int64_t h, int64_t w) {
    return value[((n * shape[1] + c) * shape[2] + h) * shape[3] + w];
  }
  double at(int64_t n, int64_t c, int64_t h, int64_t w) const {
    return value[((n * shape[1] + c) * shape[2] + h) * shape[3] + w];
  }
};

inline RefTensor fromFloats(std::vector<int64_t> shape,
                            const std::vector<float> &values) {
  RefTensor t(std::move(shape));
  assert(static_cast<int64_t>(values.size()) == t.numElements());
  std::copy(values.begin(), values.end(), t.value.begin());
  return t;
}

/// y = x · Wᵀ + b over x [N, K], W [M, K], b [M] (may be empty).
inline RefTensor dense(const RefTensor &x, const std::vector<float> &w,
                       const std::vector<float> &b, int64_t M) {
  const int64_t N = x.shape[0], K = x.shape[1];
  RefTensor y({N, M});
  y.scale.assign(y.value.size(), 0.0);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t m = 0; m < M; ++m) {
      double acc = b.empty() ? 0.0 : b[m];
      double mag = std::fabs(acc);
      for (int64_t k = 0; k < K; ++k) {
        double t = x.value[n * K + k] * w[m * K + k];
        acc += t;
        mag += std::fabs(t);
      }
      y.value[n * M + m] = acc;
      y.scale[n * M + m] = mag;
    }
  return y;
}

/// ONNX Conv: x [N, C, H, W], w [O, C/groups, KH, KW], b [O] (may be empty);
/// pads (top, left, bottom, right) of zeros.
inline RefTensor conv2d(const RefTensor &x, const std::vector<float> &w,
                        const std::vector<float> &b, int64_t O, int64_t KH,
                        int64_t KW, const ConvOptions &o) {
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  const int64_t sh = o.strides[0], sw = o.strides[1];
  const int64_t dh = o.dilations[0], dw = o.dilations[1];
  const int64_t pt = o.pads[0], pl = o.pads[1], pb = o.pads[2], pr = o.pads[3];
  const int64_t G = o.groups, Cg = C / G, Og = O / G;
  const int64_t OH = (H + pt + pb - dh * (KH - 1) - 1) / sh + 1;
  const int64_t OW = (W + pl + pr - dw * (KW - 1) - 1) / sw + 1;
  RefTensor y({N, O, OH, OW});
  y.scale.assign(y.value.size(), 0.0);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t oc = 0; oc < O; ++oc) {
      const int64_t g = oc / Og;
      for (int64_t i = 0; i < OH; ++i)
        for (int64_t j = 0; j < OW; ++j) {
          double acc = b.empty() ? 0.0 : b[oc];
          double mag = std::fabs(acc);
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t ky = 0; ky < KH; ++ky)
              for (int64_t kx = 0; kx < KW; ++kx) {
                int64_t iy = i * sh - pt + ky * dh, ix = j * sw - pl + kx * dw;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W)
                  continue;
                double t = x.at(n, g * Cg + c, iy, ix) *
                           w[((oc * Cg + c) * KH + ky) * KW + kx];
                acc += t;
                mag += std::fabs(t);
              }
          y.at(n, oc, i, j) = acc;
          y.scale[((n * O + oc) * OH + i) * OW + j] = mag;
        }
    }
  return y;
}

/// ssl.shape_pruned_conv2d: `taps` holds T rows (c, kh, kw) into the
/// original [C, KH, KW] filter shape, `w` is [O, T]. By its definition it is
/// the dense convolution whose filters are zero outside the taps.
inline RefTensor shapePrunedConv2d(const RefTensor &x,
                                   const std::vector<float> &w,
                                   const std::vector<float> &b, int64_t O,
                                   const std::vector<int64_t> &taps, int64_t KH,
                                   int64_t KW, const ConvOptions &o) {
  const int64_t C = x.shape[1];
  const int64_t T = static_cast<int64_t>(taps.size()) / 3;
  std::vector<float> full(O * C * KH * KW, 0.0f);
  for (int64_t oc = 0; oc < O; ++oc)
    for (int64_t t = 0; t < T; ++t)
      full[((oc * C + taps[3 * t]) * KH + taps[3 * t + 1]) * KW +
           taps[3 * t + 2]] = w[oc * T + t];
  assert(o.groups == 1 && "shape-pruned convolutions have one group");
  return conv2d(x, full, b, O, KH, KW, o);
}

/// Pooling output size along one axis as SSLOps.td states it: floor or
/// ceil division, and in ceil mode no window may start in the end padding.
inline int64_t poolOutputSize(int64_t in, int64_t kernel, int64_t stride,
                              int64_t padBegin, int64_t padEnd, bool ceilMode) {
  int64_t span = in + padBegin + padEnd - kernel;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

namespace detail {
/// Visits every window of a 2-D pooling: fn(cells, padded, value, scale)
/// gets the window's values inside the input and the count of its positions
/// inside the padded input, and sets the output value and its Σ|terms|.
template <typename Fn>
RefTensor pool(const RefTensor &x, const PoolOptions &o, Fn fn) {
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  const int64_t KH = o.kernel[0], KW = o.kernel[1];
  const int64_t sh = o.strides[0], sw = o.strides[1];
  const int64_t pt = o.pads[0], pl = o.pads[1], pb = o.pads[2], pr = o.pads[3];
  const int64_t OH = poolOutputSize(H, KH, sh, pt, pb, o.ceilMode);
  const int64_t OW = poolOutputSize(W, KW, sw, pl, pr, o.ceilMode);
  RefTensor y({N, C, OH, OW});
  y.scale.assign(y.value.size(), 0.0);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c)
      for (int64_t i = 0; i < OH; ++i)
        for (int64_t j = 0; j < OW; ++j) {
          std::vector<double> cells;
          int64_t padded = 0;
          for (int64_t ky = 0; ky < KH; ++ky)
            for (int64_t kx = 0; kx < KW; ++kx) {
              int64_t iy = i * sh - pt + ky, ix = j * sw - pl + kx;
              if (iy >= -pt && iy < H + pb && ix >= -pl && ix < W + pr)
                ++padded;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W)
                cells.push_back(x.at(n, c, iy, ix));
            }
          size_t k = ((n * C + c) * OH + i) * OW + j;
          fn(cells, padded, y.value[k], y.scale[k]);
        }
  return y;
}
} // namespace detail

/// Max over the input cells of each window (padding never wins).
inline RefTensor maxPool2d(const RefTensor &x, const PoolOptions &o) {
  RefTensor y = detail::pool(
      x, o, [](const std::vector<double> &cells, int64_t, double &v, double &) {
        assert(!cells.empty() && "a window without input cells");
        v = *std::max_element(cells.begin(), cells.end());
      });
  y.scale.clear();
  return y;
}

/// Sum of the window's input cells over the divisor: the window's cells
/// inside the padded input with count_include_pad, its input cells without.
inline RefTensor avgPool2d(const RefTensor &x, const PoolOptions &o) {
  bool includePad = o.countIncludePad;
  return detail::pool(x, o,
                      [&](const std::vector<double> &cells, int64_t padded,
                          double &v, double &scale) {
                        double divisor = includePad ? padded : cells.size();
                        double sum = 0, mag = 0;
                        for (double c : cells) {
                          sum += c;
                          mag += std::fabs(c);
                        }
                        v = sum / divisor;
                        scale = mag / divisor;
                      });
}

/// Mean over H and W; the result keeps them as [N, C, 1, 1].
inline RefTensor globalAvgPool(const RefTensor &x) {
  const int64_t N = x.shape[0], C = x.shape[1], H = x.shape[2], W = x.shape[3];
  RefTensor y({N, C, 1, 1});
  y.scale.assign(y.value.size(), 0.0);
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < C; ++c) {
      double sum = 0, mag = 0;
      for (int64_t h = 0; h < H; ++h)
        for (int64_t w = 0; w < W; ++w) {
          sum += x.at(n, c, h, w);
          mag += std::fabs(x.at(n, c, h, w));
        }
      y.value[n * C + c] = sum / double(H * W);
      y.scale[n * C + c] = mag / double(H * W);
    }
  return y;
}

/// Inference batch norm over axis 1 of a rank >= 2 tensor. The terms are
/// those of gamma·x/σ - gamma·mean/σ + beta.
inline RefTensor batchNorm(const RefTensor &x, const std::vector<float> &gamma,
                           const std::vector<float> &beta,
                           const std::vector<float> &mean,
                           const std::vector<float> &variance, double epsilon) {
  const int64_t C = x.shape[1];
  int64_t inner = 1;
  for (size_t d = 2; d < x.shape.size(); ++d)
    inner *= x.shape[d];
  RefTensor y(x.shape);
  y.scale.assign(y.value.size(), 0.0);
  for (size_t k = 0; k < y.value.size(); ++k) {
    int64_t c = (static_cast<int64_t>(k) / inner) % C;
    double s = gamma[c] / std::sqrt(double(variance[c]) + epsilon);
    y.value[k] = s * (x.value[k] - mean[c]) + beta[c];
    y.scale[k] = std::fabs(s * x.value[k]) + std::fabs(s * mean[c]) +
                 std::fabs(double(beta[c]));
  }
  return y;
}

inline RefTensor relu(const RefTensor &x) {
  RefTensor y(x.shape);
  for (size_t k = 0; k < y.value.size(); ++k)
    y.value[k] = std::max(x.value[k], 0.0);
  return y;
}

inline RefTensor add(const RefTensor &a, const RefTensor &b) {
  assert(a.shape == b.shape);
  RefTensor y(a.shape);
  y.scale.assign(y.value.size(), 0.0);
  for (size_t k = 0; k < y.value.size(); ++k) {
    y.value[k] = a.value[k] + b.value[k];
    y.scale[k] = std::fabs(a.value[k]) + std::fabs(b.value[k]);
  }
  return y;
}

/// Softmax over the last axis of [N, K]. The scale is y·(1 + |x - max|):
/// the normalizer's terms sum to 1 relative to itself, and exp turns an
/// absolute error in its argument x - max into a relative one.
inline RefTensor softmax(const RefTensor &x) {
  const int64_t N = x.shape[0], K = x.shape[1];
  RefTensor y(x.shape);
  y.scale.assign(y.value.size(), 0.0);
  for (int64_t n = 0; n < N; ++n) {
    const double *row = &x.value[n * K];
    double m = *std::max_element(row, row + K);
    double total = 0;
    for (int64_t k = 0; k < K; ++k)
      total += std::exp(row[k] - m);
    for (int64_t k = 0; k < K; ++k) {
      double v = std::exp(row[k] - m) / total;
      y.value[n * K + k] = v;
      y.scale[n * K + k] = v * (1 + std::fabs(row[k] - m));
    }
  }
  return y;
}

/// [N, ...] -> [N, prod(...)]; row-major data is unchanged.
inline RefTensor flatten(const RefTensor &x) {
  RefTensor y = x;
  y.shape = {x.shape[0], x.numElements() / x.shape[0]};
  return y;
}

/// Stacks `xs` along `axis` in order.
inline RefTensor concat(const std::vector<const RefTensor *> &xs,
                        int64_t axis) {
  std::vector<int64_t> shape = xs[0]->shape;
  shape[axis] = 0;
  for (const RefTensor *x : xs)
    shape[axis] += x->shape[axis];
  RefTensor y(shape);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  size_t k = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (const RefTensor *x : xs) {
      int64_t run = x->shape[axis] * inner;
      for (int64_t e = 0; e < run; ++e)
        y.value[k++] = x->value[o * run + e];
    }
  return y;
}

} // namespace sslc::test

#endif
