//===- ReferenceInterpreter.cpp - double-precision ssl interpreter --------===//
#include "ReferenceInterpreter.h"

#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLShapes.h"
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>
#include <unordered_map>

using namespace mlir;

namespace sslc::test {

Array::Array(std::vector<int64_t> s) : shape(std::move(s)) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  data.assign(static_cast<size_t>(n), 0.0);
}

namespace {

std::vector<int64_t> shapeOf(Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  return std::vector<int64_t>(type.getShape());
}

Array readElements(Attribute attr) {
  auto elements = cast<ElementsAttr>(attr);
  Array a(
      std::vector<int64_t>(cast<ShapedType>(elements.getType()).getShape()));
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    size_t i = 0;
    for (float f : dense.getValues<float>())
      a.data[i++] = f;
  } else if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> values = blob.tryGetAsArrayRef();
    for (size_t i = 0; values && i < values->size(); ++i)
      a.data[i] = (*values)[i];
  }
  return a;
}

/// Index of (n, c, h, w) in an NCHW array.
struct Nchw {
  int64_t N, C, H, W;
  explicit Nchw(const std::vector<int64_t> &s)
      : N(s[0]), C(s[1]), H(s[2]), W(s[3]) {}
  int64_t operator()(int64_t n, int64_t c, int64_t h, int64_t w) const {
    return ((n * C + c) * H + h) * W + w;
  }
};

struct ConvParams {
  int64_t sh, sw, pt, pl, dh, dw, groups;
};

template <typename OpT> ConvParams convParams(OpT op) {
  return {op.getStrides()[0],
          op.getStrides()[1],
          op.getPads()[0],
          op.getPads()[1],
          op.getDilations()[0],
          op.getDilations()[1],
          static_cast<int64_t>(op.getGroups())};
}

/// Visits every (n, o, i, j, c, kh, kw) term of a convolution whose input
/// cell (h, w) lies inside the input: f(yIndex, xIndex, wIndex).
template <typename Fn>
void forEachConvTerm(const std::vector<int64_t> &xs,
                     const std::vector<int64_t> &ws,
                     const std::vector<int64_t> &ys, const ConvParams &p,
                     Fn f) {
  Nchw X(xs), Wt(ws), Y(ys);
  int64_t Cg = X.C / p.groups, Og = Wt.N / p.groups;
  for (int64_t n = 0; n < Y.N; ++n)
    for (int64_t o = 0; o < Y.C; ++o) {
      int64_t g = o / Og;
      for (int64_t i = 0; i < Y.H; ++i)
        for (int64_t j = 0; j < Y.W; ++j)
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t kh = 0; kh < Wt.H; ++kh)
              for (int64_t kw = 0; kw < Wt.W; ++kw) {
                int64_t h = i * p.sh - p.pt + kh * p.dh;
                int64_t w = j * p.sw - p.pl + kw * p.dw;
                if (h < 0 || h >= X.H || w < 0 || w >= X.W)
                  continue;
                f(Y(n, o, i, j), X(n, g * Cg + c, h, w), Wt(o, c, kh, kw));
              }
    }
}

struct PoolParams {
  int64_t kh, kw, sh, sw, pt, pl, pb, pr;
  bool ceil, includePad;
};

template <typename OpT> PoolParams poolParams(OpT op, bool includePad) {
  return {op.getKernel()[0],  op.getKernel()[1], op.getStrides()[0],
          op.getStrides()[1], op.getPads()[0],   op.getPads()[1],
          op.getPads()[2],    op.getPads()[3],   op.getCeilMode(),
          includePad};
}

/// Calls f(yIndex, cells) for every pooling window, with the input indices
/// of its cells inside the input in row-major window order, and the
/// divisor of average pooling.
template <typename Fn>
void forEachWindow(const std::vector<int64_t> &xs,
                   const std::vector<int64_t> &ys, const PoolParams &p, Fn f) {
  Nchw X(xs), Y(ys);
  for (int64_t n = 0; n < Y.N; ++n)
    for (int64_t c = 0; c < Y.C; ++c)
      for (int64_t i = 0; i < Y.H; ++i)
        for (int64_t j = 0; j < Y.W; ++j) {
          int64_t h0 = i * p.sh - p.pt, w0 = j * p.sw - p.pl;
          std::vector<int64_t> cells;
          for (int64_t a = 0; a < p.kh; ++a)
            for (int64_t b = 0; b < p.kw; ++b) {
              int64_t h = h0 + a, w = w0 + b;
              if (h >= 0 && h < X.H && w >= 0 && w < X.W)
                cells.push_back(X(n, c, h, w));
            }
          double divisor = double(shapes::avgPoolWindowCount(
                               h0, p.kh, X.H, p.pb, p.includePad)) *
                           double(shapes::avgPoolWindowCount(
                               w0, p.kw, X.W, p.pr, p.includePad));
          f(Y(n, c, i, j), cells, divisor);
        }
}

/// The group of element `flat` of a weight of `shape` (see SSLAttrs.td).
int64_t groupOf(ssl::GroupKind kind, const std::vector<int64_t> &shape,
                int64_t flat) {
  switch (kind) {
  case ssl::GroupKind::Filter:
    return flat / (shape[1] * shape[2] * shape[3]);
  case ssl::GroupKind::Channel:
    return flat / (shape[2] * shape[3]) % shape[1];
  case ssl::GroupKind::Shape:
    return flat % (shape[1] * shape[2] * shape[3]);
  case ssl::GroupKind::Kernel2D:
    return flat / (shape[2] * shape[3]);
  case ssl::GroupKind::Depth:
  case ssl::GroupKind::DepthBN:
    return 0;
  case ssl::GroupKind::Row:
    return flat / shape[1];
  case ssl::GroupKind::Column:
    return flat % shape[1];
  }
  return 0;
}

/// Squared L2 norm of every group.
std::vector<double> groupSquares(ssl::GroupKind kind, const Array &w) {
  int64_t groups = 0;
  for (int64_t i = 0; i < w.size(); ++i)
    groups = std::max(groups, groupOf(kind, w.shape, i) + 1);
  std::vector<double> sq(groups, 0.0);
  for (int64_t i = 0; i < w.size(); ++i)
    sq[groupOf(kind, w.shape, i)] += w.data[i] * w.data[i];
  return sq;
}

/// Softmax rows of [N, K] logits and the one-hot or given targets.
void softmaxAndTargets(const Array &logits, const Array &labels, Array &probs,
                       Array &targets, Array *logProbs) {
  int64_t N = logits.shape[0], K = logits.shape[1];
  probs = Array(logits.shape);
  targets = Array(logits.shape);
  if (logProbs)
    *logProbs = Array(logits.shape);
  for (int64_t n = 0; n < N; ++n) {
    double m = -std::numeric_limits<double>::infinity();
    for (int64_t k = 0; k < K; ++k)
      m = std::max(m, logits.data[n * K + k]);
    double s = 0;
    for (int64_t k = 0; k < K; ++k)
      s += std::exp(logits.data[n * K + k] - m);
    double lse = m + std::log(s);
    for (int64_t k = 0; k < K; ++k) {
      probs.data[n * K + k] = std::exp(logits.data[n * K + k] - lse);
      if (logProbs)
        logProbs->data[n * K + k] = logits.data[n * K + k] - lse;
      targets.data[n * K + k] =
          labels.shape.size() == 1
              ? (static_cast<int64_t>(labels.data[n]) == k ? 1.0 : 0.0)
              : labels.data[n * K + k];
    }
  }
}

/// Per-channel (axis 1) statistics over every other axis.
struct ChannelLayout {
  int64_t C, inner, M;
  explicit ChannelLayout(const std::vector<int64_t> &s) {
    C = s[1];
    inner = 1;
    for (size_t d = 2; d < s.size(); ++d)
      inner *= s[d];
    M = s[0] * inner;
  }
  int64_t channel(int64_t flat) const { return flat / inner % C; }
};

uint32_t fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  return h ^ (h >> 16);
}

} // namespace

bool dropoutDrops(uint64_t seed, uint32_t step, uint32_t index, float ratio) {
  uint32_t s = fmix32(static_cast<uint32_t>(seed) ^
                      fmix32(static_cast<uint32_t>(seed >> 32)));
  uint32_t k = fmix32(s + 0x9e3779b9u * step);
  double threshold = std::floor(double(ratio) * 4294967296.0);
  return double(fmix32(fmix32(index) ^ k)) < threshold;
}

ReferenceInterpreter::ReferenceInterpreter(ModuleOp module) {
  module.walk([&](ml_program::GlobalOp global) {
    if (global.getValue())
      globals[global.getSymName().str()] = readElements(*global.getValue());
  });
}

FailureOr<std::vector<Array>>
ReferenceInterpreter::run(func::FuncOp fn, const std::vector<Array> &args) {
  // Node-based, so references to arrays stay valid while results are added.
  struct ValueHash {
    size_t operator()(Value v) const { return hash_value(v); }
  };
  std::unordered_map<Value, Array, ValueHash> env;
  for (auto [arg, value] : llvm::zip(fn.getArguments(), args))
    env[arg] = value;
  auto in = [&](Value v) -> const Array & { return env.find(v)->second; };
  // The groups of a group op's weight; depth_bn's one group also holds the
  // batch norm's γ and β.
  auto operandSquares = [&](ssl::GroupKind kind, ValueRange weights) {
    std::vector<double> sq = groupSquares(kind, in(weights.front()));
    for (Value w : weights.drop_front())
      for (double v : in(w).data)
        sq[0] += v * v;
    return sq;
  };
  std::vector<Array> results;

  for (Operation &op : fn.getBody().front()) {
    auto out = [&](unsigned i = 0) -> Array & {
      Value r = op.getResult(i);
      return env[r] = Array(shapeOf(r));
    };
    LogicalResult ok =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            // Globals and control.
            .Case([&](ml_program::GlobalLoadOp o) {
              env[o.getResult()] =
                  globals.at(o.getGlobal().getLeafReference().str());
              return success();
            })
            .Case([&](ml_program::GlobalLoadConstOp o) {
              env[o.getResult()] =
                  globals.at(o.getGlobal().getLeafReference().str());
              return success();
            })
            .Case([&](ml_program::GlobalStoreOp o) {
              globals[o.getGlobal().getLeafReference().str()] =
                  in(o.getValue());
              return success();
            })
            .Case([&](func::ReturnOp o) {
              for (Value v : o.getOperands())
                results.push_back(in(v));
              return success();
            })
            // Network ops.
            .Case([&](ssl::DenseOp o) {
              const Array &x = in(o.getInput()), &w = in(o.getWeight());
              Array &y = out();
              int64_t N = x.shape[0], K = x.shape[1], M = w.shape[0];
              for (int64_t n = 0; n < N; ++n)
                for (int64_t m = 0; m < M; ++m) {
                  double acc = o.getBias() ? in(o.getBias()).data[m] : 0.0;
                  for (int64_t k = 0; k < K; ++k)
                    acc += x.data[n * K + k] * w.data[m * K + k];
                  y.data[n * M + m] = acc;
                }
              return success();
            })
            .Case([&](ssl::Conv2dOp o) {
              const Array &x = in(o.getInput()), &w = in(o.getWeight());
              Array &y = out();
              forEachConvTerm(x.shape, w.shape, y.shape, convParams(o),
                              [&](int64_t yi, int64_t xi, int64_t wi) {
                                y.data[yi] += x.data[xi] * w.data[wi];
                              });
              if (o.getBias()) {
                Nchw Y(y.shape);
                for (int64_t i = 0; i < y.size(); ++i)
                  y.data[i] += in(o.getBias()).data[i / (Y.H * Y.W) % Y.C];
              }
              return success();
            })
            .Case([&](ssl::ShapePrunedConv2dOp o) {
              const Array &x = in(o.getInput()), &w = in(o.getWeight());
              Array &y = out();
              Nchw X(x.shape), Y(y.shape);
              std::vector<int64_t> taps;
              for (APInt t : o.getTaps().getValues<APInt>())
                taps.push_back(t.getSExtValue());
              const int64_t T = static_cast<int64_t>(taps.size()) / 3;
              const int64_t G = static_cast<int64_t>(o.getGroups());
              const int64_t Cg = X.C / G, Og = Y.C / G;
              const int64_t columns = w.shape[1];
              // Group g's taps in list order; the weight row of each
              // computed channel (-1: the channel is its bias).
              std::vector<std::vector<int64_t>> groupTaps(G);
              for (int64_t t = 0; t < T; ++t)
                groupTaps[taps[3 * t] / Cg].push_back(t);
              std::vector<int64_t> row(Y.C, -1);
              if (std::optional<ArrayRef<int64_t>> f = o.getFilters())
                for (size_t r = 0; r < f->size(); ++r)
                  row[(*f)[r]] = static_cast<int64_t>(r);
              else
                for (int64_t oc = 0; oc < Y.C; ++oc)
                  row[oc] = oc;
              ArrayRef<int64_t> s = o.getStrides(), p = o.getPads(),
                                d = o.getDilations();
              for (int64_t n = 0; n < Y.N; ++n)
                for (int64_t oc = 0; oc < Y.C; ++oc)
                  for (int64_t i = 0; i < Y.H; ++i)
                    for (int64_t j = 0; j < Y.W; ++j) {
                      double acc =
                          o.getBias() ? in(o.getBias()).data[oc] : 0.0;
                      const std::vector<int64_t> &mine = groupTaps[oc / Og];
                      for (size_t k = 0; row[oc] >= 0 && k < mine.size();
                           ++k) {
                        int64_t t = mine[k];
                        int64_t h = i * s[0] - p[0] + taps[3 * t + 1] * d[0];
                        int64_t ww = j * s[1] - p[1] + taps[3 * t + 2] * d[1];
                        if (h < 0 || h >= X.H || ww < 0 || ww >= X.W)
                          continue;
                        acc += w.data[row[oc] * columns + k] *
                               x.data[X(n, taps[3 * t], h, ww)];
                      }
                      y.data[Y(n, oc, i, j)] = acc;
                    }
              return success();
            })
            .Case([&](ssl::ReluOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = std::max(x.data[i], 0.0);
              return success();
            })
            .Case([&](ssl::ClipOp o) {
              const Array &x = in(o.getInput());
              double lo = o.getMin().convertToDouble();
              double hi = o.getMax().convertToDouble();
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = std::min(std::max(x.data[i], lo), hi);
              return success();
            })
            .Case([&](ssl::SigmoidOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = 1.0 / (1.0 + std::exp(-x.data[i]));
              return success();
            })
            .Case([&](ssl::HardSigmoidOp o) {
              const Array &x = in(o.getInput());
              double alpha = o.getAlpha().convertToDouble();
              double beta = o.getBeta().convertToDouble();
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] =
                    std::max(0.0, std::min(1.0, alpha * x.data[i] + beta));
              return success();
            })
            .Case([&](ssl::HardSwishOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = x.data[i] *
                            std::min(std::max(x.data[i] + 3.0, 0.0), 6.0) / 6.0;
              return success();
            })
            .Case([&](ssl::GeluOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = 0.5 * x.data[i] *
                            (1.0 + std::erf(x.data[i] / std::sqrt(2.0)));
              return success();
            })
            .Case([&](ssl::MulOp o) {
              const Array &a = in(o.getLhs()), &b = in(o.getRhs());
              Array &y = out();
              // Row-major index of rhs: axes where rhs has size 1 read 0.
              for (int64_t i = 0; i < a.size(); ++i) {
                int64_t rest = i, j = 0, stride = 1;
                for (int64_t d = static_cast<int64_t>(a.shape.size()) - 1;
                     d >= 0; --d) {
                  int64_t index = rest % a.shape[d];
                  rest /= a.shape[d];
                  if (b.shape[d] != 1)
                    j += index * stride;
                  stride *= b.shape[d];
                }
                y.data[i] = a.data[i] * b.data[j];
              }
              return success();
            })
            .Case([&](ssl::AddOp o) {
              const Array &a = in(o.getLhs()), &b = in(o.getRhs());
              Array &y = out();
              for (int64_t i = 0; i < a.size(); ++i)
                y.data[i] = a.data[i] + b.data[i];
              return success();
            })
            .Case([&](ssl::MaxPool2dOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              forEachWindow(
                  x.shape, y.shape, poolParams(o, false),
                  [&](int64_t yi, const std::vector<int64_t> &cells, double) {
                    double m = -std::numeric_limits<double>::infinity();
                    for (int64_t c : cells)
                      m = std::max(m, x.data[c]);
                    y.data[yi] = m;
                  });
              return success();
            })
            .Case([&](ssl::AvgPool2dOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              forEachWindow(x.shape, y.shape,
                            poolParams(o, o.getCountIncludePad()),
                            [&](int64_t yi, const std::vector<int64_t> &cells,
                                double divisor) {
                              double s = 0;
                              for (int64_t c : cells)
                                s += x.data[c];
                              y.data[yi] = s / divisor;
                            });
              return success();
            })
            .Case([&](ssl::GlobalAvgPoolOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              int64_t hw = x.shape[2] * x.shape[3];
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i / hw] += x.data[i] / double(hw);
              return success();
            })
            .Case([&](ssl::DropoutOp o) {
              const Array &x = in(o.getInput());
              auto step = static_cast<uint32_t>(
                  o.getStep() ? in(o.getStep()).data[0] : 0.0);
              float ratio = o.getRatio().convertToFloat();
              double scale = 1.0 / (1.0 - ratio);
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = dropoutDrops(o.getSeed(), step,
                                         static_cast<uint32_t>(i), ratio)
                                ? 0.0
                                : x.data[i] * scale;
              return success();
            })
            .Case([&](ssl::FlattenOp o) {
              Array &y = out();
              y.data = in(o.getInput()).data;
              return success();
            })
            .Case([&](ssl::SoftmaxOp o) {
              Array probs, targets;
              Array labels({o.getInput().getType().getDimSize(0)});
              softmaxAndTargets(in(o.getInput()), labels, probs, targets,
                                nullptr);
              out() = probs;
              return success();
            })
            .Case([&](ssl::ConcatOp o) {
              Array &y = out();
              int64_t axis = static_cast<int64_t>(o.getAxis());
              int64_t outer = 1, inner = 1;
              for (int64_t d = 0; d < axis; ++d)
                outer *= y.shape[d];
              for (size_t d = axis + 1; d < y.shape.size(); ++d)
                inner *= y.shape[d];
              int64_t offset = 0;
              for (Value v : o.getInputs()) {
                const Array &x = in(v);
                int64_t len = x.shape[axis];
                for (int64_t a = 0; a < outer; ++a)
                  for (int64_t k = 0; k < len * inner; ++k)
                    y.data[(a * y.shape[axis] + offset) * inner + k] =
                        x.data[a * len * inner + k];
                offset += len;
              }
              return success();
            })
            .Case([&](ssl::PadOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              ArrayRef<int64_t> p = o.getPads(); // top, left, bottom, right
              int64_t H = x.shape[2], W = x.shape[3];
              int64_t OH = y.shape[2], OW = y.shape[3];
              for (int64_t nc = 0; nc < x.shape[0] * x.shape[1]; ++nc)
                for (int64_t h = 0; h < H; ++h)
                  for (int64_t w = 0; w < W; ++w)
                    y.data[(nc * OH + h + p[0]) * OW + w + p[1]] =
                        x.data[(nc * H + h) * W + w];
              return success();
            })
            .Case([&](ssl::ChannelShuffleOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              int64_t C = x.shape[1], g = static_cast<int64_t>(o.getGroups());
              int64_t hw = x.shape[2] * x.shape[3];
              for (int64_t n = 0; n < x.shape[0]; ++n)
                for (int64_t c = 0; c < C; ++c) {
                  int64_t from = (c % g) * (C / g) + c / g;
                  for (int64_t k = 0; k < hw; ++k)
                    y.data[(n * C + c) * hw + k] =
                        x.data[(n * C + from) * hw + k];
                }
              return success();
            })
            .Case([&](ssl::SliceOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              int64_t C = x.shape[1], len = y.shape[1];
              int64_t begin = static_cast<int64_t>(o.getBegin());
              int64_t inner = 1;
              for (size_t d = 2; d < x.shape.size(); ++d)
                inner *= x.shape[d];
              for (int64_t n = 0; n < x.shape[0]; ++n)
                for (int64_t k = 0; k < len * inner; ++k)
                  y.data[n * len * inner + k] =
                      x.data[(n * C + begin) * inner + k];
              return success();
            })
            .Case([&](ssl::GatherOp o) {
              const Array &x = in(o.getInput());
              Array &y = out();
              ArrayRef<int64_t> indices = o.getIndices();
              int64_t C = x.shape[1], len = y.shape[1];
              int64_t inner = 1;
              for (size_t d = 2; d < x.shape.size(); ++d)
                inner *= x.shape[d];
              for (int64_t n = 0; n < x.shape[0]; ++n)
                for (int64_t i = 0; i < len; ++i)
                  for (int64_t k = 0; k < inner; ++k)
                    y.data[(n * len + i) * inner + k] =
                        x.data[(n * C + indices[i]) * inner + k];
              return success();
            })
            .Case([&](ssl::BatchNormOp o) {
              const Array &x = in(o.getInput());
              const Array &g = in(o.getGamma()), &b = in(o.getBeta()),
                          &m = in(o.getMean()), &v = in(o.getVariance());
              double eps = o.getEpsilon().convertToDouble();
              Array &y = out();
              ChannelLayout L(x.shape);
              for (int64_t i = 0; i < x.size(); ++i) {
                int64_t c = L.channel(i);
                y.data[i] = g.data[c] * (x.data[i] - m.data[c]) /
                                std::sqrt(v.data[c] + eps) +
                            b.data[c];
              }
              return success();
            })
            .Case([&](ssl::LayerNormOp o) {
              const Array &x = in(o.getInput());
              const Array &g = in(o.getGamma()), &b = in(o.getBeta());
              double eps = o.getEpsilon().convertToDouble();
              Array &y = out();
              ChannelLayout L(x.shape);
              // One position: [n, ·, p] over the channels.
              for (int64_t n = 0; n < x.shape[0]; ++n)
                for (int64_t p = 0; p < L.inner; ++p) {
                  auto at = [&](int64_t c) {
                    return (n * L.C + c) * L.inner + p;
                  };
                  double mean = 0, var = 0;
                  for (int64_t c = 0; c < L.C; ++c)
                    mean += x.data[at(c)];
                  mean /= L.C;
                  for (int64_t c = 0; c < L.C; ++c)
                    var += (x.data[at(c)] - mean) * (x.data[at(c)] - mean);
                  var /= L.C;
                  for (int64_t c = 0; c < L.C; ++c)
                    y.data[at(c)] = g.data[c] * (x.data[at(c)] - mean) /
                                        std::sqrt(var + eps) +
                                    b.data[c];
                }
              return success();
            })
            .Case([&](ssl::BatchNormTrainOp o) {
              const Array &x = in(o.getInput());
              const Array &g = in(o.getGamma()), &b = in(o.getBeta()),
                          &rm = in(o.getRunningMean()),
                          &rv = in(o.getRunningVariance());
              double eps = o.getEpsilon().convertToDouble();
              double mom = o.getMomentum().convertToDouble();
              ChannelLayout L(x.shape);
              Array mean({L.C}), var({L.C});
              for (int64_t i = 0; i < x.size(); ++i)
                mean.data[L.channel(i)] += x.data[i] / double(L.M);
              for (int64_t i = 0; i < x.size(); ++i) {
                double d = x.data[i] - mean.data[L.channel(i)];
                var.data[L.channel(i)] += d * d / double(L.M);
              }
              Array &y = out(0);
              for (int64_t i = 0; i < x.size(); ++i) {
                int64_t c = L.channel(i);
                y.data[i] = g.data[c] * (x.data[i] - mean.data[c]) /
                                std::sqrt(var.data[c] + eps) +
                            b.data[c];
              }
              out(1) = mean;
              out(2) = var;
              Array &nm = out(3), &nv = out(4);
              for (int64_t c = 0; c < L.C; ++c) {
                nm.data[c] = mom * rm.data[c] + (1 - mom) * mean.data[c];
                nv.data[c] = mom * rv.data[c] + (1 - mom) * double(L.M) /
                                                    double(L.M - 1) *
                                                    var.data[c];
              }
              return success();
            })
            // Backward ops.
            .Case([&](ssl::DenseGradInputOp o) {
              const Array &dy = in(o.getGradOutput()), &w = in(o.getWeight());
              Array &dx = out();
              int64_t N = dy.shape[0], M = dy.shape[1], K = w.shape[1];
              for (int64_t n = 0; n < N; ++n)
                for (int64_t m = 0; m < M; ++m)
                  for (int64_t k = 0; k < K; ++k)
                    dx.data[n * K + k] +=
                        dy.data[n * M + m] * w.data[m * K + k];
              return success();
            })
            .Case([&](ssl::DenseGradWeightOp o) {
              const Array &x = in(o.getInput()), &dy = in(o.getGradOutput());
              Array &dw = out();
              int64_t N = x.shape[0], K = x.shape[1], M = dy.shape[1];
              for (int64_t n = 0; n < N; ++n)
                for (int64_t m = 0; m < M; ++m)
                  for (int64_t k = 0; k < K; ++k)
                    dw.data[m * K + k] +=
                        dy.data[n * M + m] * x.data[n * K + k];
              return success();
            })
            .Case([&](ssl::BiasGradOp o) {
              const Array &dy = in(o.getGradOutput());
              Array &db = out();
              ChannelLayout L(dy.shape);
              for (int64_t i = 0; i < dy.size(); ++i)
                db.data[L.channel(i)] += dy.data[i];
              return success();
            })
            .Case([&](ssl::Conv2dGradInputOp o) {
              const Array &dy = in(o.getGradOutput()), &w = in(o.getWeight());
              Array &dx = out();
              forEachConvTerm(dx.shape, w.shape, dy.shape, convParams(o),
                              [&](int64_t yi, int64_t xi, int64_t wi) {
                                dx.data[xi] += dy.data[yi] * w.data[wi];
                              });
              return success();
            })
            .Case([&](ssl::Conv2dGradWeightOp o) {
              const Array &x = in(o.getInput()), &dy = in(o.getGradOutput());
              Array &dw = out();
              forEachConvTerm(x.shape, dw.shape, dy.shape, convParams(o),
                              [&](int64_t yi, int64_t xi, int64_t wi) {
                                dw.data[wi] += dy.data[yi] * x.data[xi];
                              });
              return success();
            })
            .Case([&](ssl::ReluGradOp o) {
              const Array &dy = in(o.getGradOutput()), &x = in(o.getInput());
              Array &dx = out();
              for (int64_t i = 0; i < x.size(); ++i)
                dx.data[i] = x.data[i] > 0 ? dy.data[i] : 0.0;
              return success();
            })
            .Case([&](ssl::BatchNormGradOp o) {
              const Array &dy = in(o.getGradOutput()), &x = in(o.getInput()),
                          &g = in(o.getGamma()), &mean = in(o.getBatchMean()),
                          &var = in(o.getBatchVariance());
              double eps = o.getEpsilon().convertToDouble();
              ChannelLayout L(x.shape);
              Array &dx = out(0), &dg = out(1), &db = out(2);
              auto xhat = [&](int64_t i) {
                int64_t c = L.channel(i);
                return (x.data[i] - mean.data[c]) /
                       std::sqrt(var.data[c] + eps);
              };
              for (int64_t i = 0; i < x.size(); ++i) {
                db.data[L.channel(i)] += dy.data[i];
                dg.data[L.channel(i)] += dy.data[i] * xhat(i);
              }
              for (int64_t i = 0; i < x.size(); ++i) {
                int64_t c = L.channel(i);
                dx.data[i] = g.data[c] / std::sqrt(var.data[c] + eps) *
                             (dy.data[i] - db.data[c] / double(L.M) -
                              xhat(i) * dg.data[c] / double(L.M));
              }
              return success();
            })
            .Case([&](ssl::MaxPool2dGradOp o) {
              const Array &dy = in(o.getGradOutput()), &x = in(o.getInput());
              Array &dx = out();
              forEachWindow(
                  x.shape, dy.shape, poolParams(o, false),
                  [&](int64_t yi, const std::vector<int64_t> &cells, double) {
                    int64_t best = cells.front();
                    for (int64_t c : cells)
                      if (x.data[c] > x.data[best])
                        best = c;
                    dx.data[best] += dy.data[yi];
                  });
              return success();
            })
            .Case([&](ssl::AvgPool2dGradOp o) {
              const Array &dy = in(o.getGradOutput());
              Array &dx = out();
              forEachWindow(dx.shape, dy.shape,
                            poolParams(o, o.getCountIncludePad()),
                            [&](int64_t yi, const std::vector<int64_t> &cells,
                                double divisor) {
                              for (int64_t c : cells)
                                dx.data[c] += dy.data[yi] / divisor;
                            });
              return success();
            })
            .Case([&](ssl::GlobalAvgPoolGradOp o) {
              const Array &dy = in(o.getGradOutput());
              Array &dx = out();
              int64_t hw = dx.shape[2] * dx.shape[3];
              for (int64_t i = 0; i < dx.size(); ++i)
                dx.data[i] = dy.data[i / hw] / double(hw);
              return success();
            })
            .Case([&](ssl::FlattenGradOp o) {
              Array &dx = out();
              dx.data = in(o.getGradOutput()).data;
              return success();
            })
            .Case([&](ssl::ConcatGradOp o) {
              const Array &dy = in(o.getGradOutput());
              int64_t axis = static_cast<int64_t>(o.getAxis());
              int64_t outer = 1, inner = 1;
              for (int64_t d = 0; d < axis; ++d)
                outer *= dy.shape[d];
              for (size_t d = axis + 1; d < dy.shape.size(); ++d)
                inner *= dy.shape[d];
              int64_t offset = 0;
              for (unsigned r = 0; r < op.getNumResults(); ++r) {
                Array &dx = out(r);
                int64_t len = dx.shape[axis];
                for (int64_t a = 0; a < outer; ++a)
                  for (int64_t k = 0; k < len * inner; ++k)
                    dx.data[a * len * inner + k] =
                        dy.data[(a * dy.shape[axis] + offset) * inner + k];
                offset += len;
              }
              return success();
            })
            .Case([&](ssl::SoftmaxCrossEntropyGradOp o) {
              Array probs, targets;
              softmaxAndTargets(in(o.getLogits()), in(o.getLabels()), probs,
                                targets, nullptr);
              Array &d = out();
              double N = double(probs.shape[0]);
              for (int64_t i = 0; i < d.size(); ++i)
                d.data[i] = (probs.data[i] - targets.data[i]) / N;
              return success();
            })
            // Training ops.
            .Case([&](ssl::SoftmaxCrossEntropyOp o) {
              Array probs, targets, logProbs;
              softmaxAndTargets(in(o.getLogits()), in(o.getLabels()), probs,
                                targets, &logProbs);
              double loss = 0;
              for (int64_t i = 0; i < probs.size(); ++i)
                loss -= targets.data[i] * logProbs.data[i];
              out().data[0] = loss / double(probs.shape[0]);
              return success();
            })
            .Case([&](ssl::GroupLassoOp o) {
              double lambda = o.getLambda().convertToDouble();
              double sum = 0;
              for (double s : operandSquares(o.getKind(), o.getWeights()))
                sum += std::sqrt(s);
              out().data[0] = lambda * sum;
              return success();
            })
            .Case([&](ssl::GroupLassoGradOp o) {
              double lambda = o.getLambda().convertToDouble();
              std::vector<double> sq =
                  operandSquares(o.getKind(), o.getWeights());
              for (unsigned k = 0; k < o.getNumOperands(); ++k) {
                const Array &w = in(o.getWeights()[k]);
                Array &g = out(k);
                for (int64_t i = 0; i < w.size(); ++i) {
                  double norm = std::sqrt(
                      sq[k == 0 ? groupOf(o.getKind(), w.shape, i) : 0]);
                  g.data[i] = norm == 0 ? 0.0 : lambda * w.data[i] / norm;
                }
              }
              return success();
            })
            .Case([&](ssl::GroupShrinkOp o) {
              double step = in(o.getLr()).data[0] *
                            o.getLambda().convertToDouble();
              std::vector<double> sq =
                  operandSquares(o.getKind(), o.getWeights());
              for (unsigned k = 0; k < o.getWeights().size(); ++k) {
                const Array &w = in(o.getWeights()[k]);
                Array &y = out(k);
                for (int64_t i = 0; i < w.size(); ++i) {
                  double norm = std::sqrt(
                      sq[k == 0 ? groupOf(o.getKind(), w.shape, i) : 0]);
                  y.data[i] = norm == 0 ? 0.0
                                        : w.data[i] *
                                              std::max(0.0, 1.0 - step / norm);
                }
              }
              return success();
            })
            .Case([&](ssl::SgdMomentumOp o) {
              const Array &p = in(o.getParam()), &g = in(o.getGrad()),
                          &v = in(o.getVelocity());
              double lr = in(o.getLr()).data[0];
              double mom = o.getMomentum().convertToDouble();
              double wd = o.getWeightDecay().convertToDouble();
              Array &np = out(0), &nv = out(1);
              for (int64_t i = 0; i < p.size(); ++i) {
                nv.data[i] =
                    mom * v.data[i] + lr * (g.data[i] + wd * p.data[i]);
                np.data[i] = p.data[i] - nv.data[i];
              }
              return success();
            })
            .Case([&](ssl::ZeroSmallOp o) {
              const Array &x = in(o.getInput());
              double t = o.getThreshold().convertToDouble();
              Array &y = out();
              for (int64_t i = 0; i < x.size(); ++i)
                y.data[i] = std::fabs(x.data[i]) <= t ? 0.0 : x.data[i];
              return success();
            })
            .Case([&](ssl::ApplyMaskOp o) {
              const Array &p = in(o.getParam()), &m = in(o.getMask());
              Array &y = out();
              for (int64_t i = 0; i < p.size(); ++i)
                y.data[i] = p.data[i] * m.data[i];
              return success();
            })
            .Case([&](ssl::NextStepOp o) {
              double next = in(o.getStep()).data[0] + 1;
              out().data[0] = next >= 16777216.0 ? 0.0 : next;
              return success();
            })
            .Default([](Operation *other) {
              return other->emitOpError()
                     << "is not supported by the reference interpreter";
            });
    if (failed(ok))
      return failure();
  }
  return results;
}

} // namespace sslc::test
