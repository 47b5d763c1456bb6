//===- ChannelPruning.cpp - removal of dead channels ----------------------===//
#include "passes/Pruning/ChannelPruning.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Pruning/ParameterUtils.h"

#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <map>
#include <memory>

using namespace mlir;

namespace sslc {

bool isPerChannel(Operation *op) {
  return isa_and_nonnull<ssl::ReluOp, ssl::ClipOp, ssl::SigmoidOp,
                         ssl::HardSigmoidOp, ssl::HardSwishOp, ssl::GeluOp,
                         ssl::DropoutOp, ssl::MaxPool2dOp, ssl::AvgPool2dOp,
                         ssl::GlobalAvgPoolOp, ssl::PadOp>(op);
}

namespace {

/// What is known about one channel of an activation.
struct Fact {
  bool isConst = false;
  float value = 0.0f;
};

bool allZero(const std::vector<float> &v, int64_t begin, int64_t count,
             int64_t stride = 1) {
  for (int64_t i = 0; i < count; ++i)
    if (v[begin + i * stride] != 0.0f)
      return false;
  return true;
}

class ChannelPruner {
public:
  ChannelPruner(func::FuncOp fn, const ChannelPruningOptions &options)
      : fn(fn), options(options) {}

  ChannelConstants constants() {
    collectActivations();
    computeFacts();
    ChannelConstants out;
    for (auto &[v, f] : facts) {
      std::vector<std::optional<float>> c;
      for (const Fact &x : f)
        c.push_back(x.isConst ? std::optional<float>(x.value) : std::nullopt);
      out[v] = std::move(c);
    }
    return out;
  }

  std::vector<KeptFilter> explain() {
    analyze();
    std::vector<KeptFilter> out;
    for (Operation &op : fn.getBody().front()) {
      Value weight;
      if (auto conv = dyn_cast<ssl::Conv2dOp>(op))
        weight = conv.getWeight();
      else if (auto dense = dyn_cast<ssl::DenseOp>(op))
        weight = dense.getWeight();
      else
        continue;
      std::shared_ptr<const Parameter> w = param(weight);
      Value v = op.getResult(0);
      int64_t O = channelsOf(v);
      if (!w || O <= 0)
        continue;
      int64_t per = w->size() / O;
      for (int64_t o = 0; o < O; ++o)
        if (allZero(w->values, o * per, per) && !isCand(v, o))
          out.push_back({layerNameOf(*w), o, whyKept(v, o, 0)});
    }
    return out;
  }

  ChannelPruningStats run() {
    analyze();
    apply();
    return stats;
  }

private:
  /// Facts forward, then the removable channels shrunk to a fixed point.
  void analyze() {
    collectActivations();
    computeFacts();
    initCandidates();
    shrinkToFixedPoint();
  }

  static int64_t channelsOf(Value v) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t || (t.getRank() != 2 && t.getRank() != 4) || !t.hasStaticShape())
      return -1;
    return t.getDimSize(1);
  }

  /// Spatial size per channel (H·W for NCHW, 1 for [N, F]).
  static int64_t spatialOf(Value v) {
    auto t = cast<RankedTensorType>(v.getType());
    return t.getRank() == 4 ? t.getDimSize(2) * t.getDimSize(3) : 1;
  }

  /// The constant value of parameter `v`, read once; null when `v` is not
  /// a readable constant. The value is shared, not a pointer into the
  /// cache: a later read may grow the cache while this one is in use.
  std::shared_ptr<const Parameter> param(Value v) {
    auto it = params.find(v);
    if (it != params.end())
      return it->second;
    FailureOr<Parameter> p = readParameter(v);
    std::shared_ptr<const Parameter> value =
        succeeded(p) ? std::make_shared<const Parameter>(std::move(*p))
                     : nullptr;
    params.try_emplace(v, value);
    return value;
  }

  void collectActivations() {
    for (BlockArgument arg : fn.getArguments())
      if (channelsOf(arg) > 0)
        activations.push_back(arg);
    for (Operation &op : fn.getBody().front())
      if (isa<ssl::SSLDialect>(op.getDialect()))
        for (Value r : op.getResults())
          if (channelsOf(r) > 0)
            activations.push_back(r);
  }

  Fact fact(Value v, int64_t c) {
    auto it = facts.find(v);
    return it == facts.end() ? Fact{} : it->second[c];
  }

  /// Facts of a layer's output: a zero filter outputs its bias.
  std::vector<Fact> layerFacts(Value weight, Value bias, int64_t out) {
    std::vector<Fact> f(out);
    std::shared_ptr<const Parameter> w = param(weight);
    std::shared_ptr<const Parameter> b = bias ? param(bias) : nullptr;
    if (!w || (bias && !b))
      return f;
    int64_t per = w->size() / out;
    for (int64_t o = 0; o < out; ++o)
      if (allZero(w->values, o * per, per))
        f[o] = Fact{true, b ? b->values[o] : 0.0f};
    return f;
  }

  /// A filter whose input channels are all constant outputs a constant
  /// where every tap reads the image: everywhere when the conv is
  /// unpadded, or when the constants are 0 (the padding's value). This is
  /// how a removed channel passes through a depthwise convolution.
  void constantInputFacts(ssl::Conv2dOp conv, std::vector<Fact> &f) {
    std::shared_ptr<const Parameter> w = param(conv.getWeight());
    std::shared_ptr<const Parameter> b =
        conv.getBias() ? param(conv.getBias()) : nullptr;
    if (!w || (conv.getBias() && !b))
      return;
    bool padded =
        llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; });
    int64_t O = w->shape[0], Cg = w->shape[1];
    int64_t taps = w->size() / (O * Cg);
    int64_t groups = conv.getGroups(), Og = O / groups;
    for (int64_t o = 0; o < O; ++o) {
      if (f[o].isConst)
        continue;
      int64_t g = o / Og;
      double value = b ? b->values[o] : 0.0;
      bool known = true;
      for (int64_t c = 0; c < Cg && known; ++c) {
        Fact in = fact(conv.getInput(), g * Cg + c);
        known = in.isConst && (!padded || in.value == 0.0f);
        if (!known || in.value == 0.0f)
          continue;
        double sum = 0;
        for (int64_t t = 0; t < taps; ++t)
          sum += w->values[(o * Cg + c) * taps + t];
        value += double(in.value) * sum;
      }
      if (known)
        f[o] = Fact{true, static_cast<float>(value)};
    }
  }

  void computeFacts() {
    for (Operation &op : fn.getBody().front()) {
      if (op.getNumResults() != 1 || channelsOf(op.getResult(0)) <= 0)
        continue;
      Value r = op.getResult(0);
      int64_t C = channelsOf(r);
      std::vector<Fact> f(C);
      llvm::TypeSwitch<Operation *>(&op)
          .Case<ssl::Conv2dOp>([&](auto o) {
            f = layerFacts(o.getWeight(), o.getBias(), C);
            constantInputFacts(o, f);
          })
          .Case<ssl::DenseOp>([&](auto o) {
            f = layerFacts(o.getWeight(), o.getBias(), C);
          })
          .Case<ssl::BatchNormOp>([&](auto o) {
            std::shared_ptr<const Parameter> g = param(o.getGamma()),
                                             b = param(o.getBeta()),
                                             m = param(o.getMean()),
                                             v = param(o.getVariance());
            if (!g || !b || !m || !v)
              return;
            double eps = o.getEpsilon().convertToDouble();
            for (int64_t c = 0; c < C; ++c) {
              Fact in = fact(o.getInput(), c);
              if (!in.isConst)
                continue;
              double s = g->values[c] / std::sqrt(double(v->values[c]) + eps);
              float scale = static_cast<float>(s);
              float shift = static_cast<float>(b->values[c] - m->values[c] * s);
              f[c] = Fact{true, in.value * scale + shift};
            }
          })
          .Case<ssl::ReluOp, ssl::ClipOp, ssl::SigmoidOp, ssl::HardSigmoidOp,
                ssl::HardSwishOp, ssl::GeluOp>([&](Operation *o) {
            for (int64_t c = 0; c < C; ++c) {
              Fact in = fact(o->getOperand(0), c);
              if (in.isConst)
                f[c] = Fact{true, activation(o, in.value)};
            }
          })
          .Case<ssl::LayerNormOp>([&](auto o) {
            // A position's output mixes all of its channels: it is known
            // only when every input channel is a constant (a residual
            // branch whose convolution depth regularization zeroed).
            std::shared_ptr<const Parameter> g = param(o.getGamma()),
                                             b = param(o.getBeta());
            if (!g || !b)
              return;
            std::vector<double> x(C);
            for (int64_t c = 0; c < C; ++c) {
              Fact in = fact(o.getInput(), c);
              if (!in.isConst)
                return;
              x[c] = in.value;
            }
            double mean = 0, var = 0;
            for (double v : x)
              mean += v;
            mean /= C;
            for (double v : x)
              var += (v - mean) * (v - mean);
            var /= C;
            double inv = 1.0 / std::sqrt(var + o.getEpsilon().convertToDouble());
            for (int64_t c = 0; c < C; ++c)
              f[c] = Fact{true, static_cast<float>(g->values[c] *
                                                       (x[c] - mean) * inv +
                                                   b->values[c])};
          })
          .Case<ssl::MulOp>([&](auto o) {
            if (!mulCouplesChannels(o) && !mulRhsPerTensor(o))
              return;
            for (int64_t c = 0; c < C; ++c) {
              Fact a = fact(o.getLhs(), c), b = mulRhsFact(o, c);
              if (a.isConst && b.isConst)
                f[c] = Fact{true, a.value * b.value};
              else if ((a.isConst && a.value == 0.0f) ||
                       (b.isConst && b.value == 0.0f))
                f[c] = Fact{true, 0.0f};
            }
          })
          .Case<ssl::DropoutOp, ssl::MaxPool2dOp, ssl::GlobalAvgPoolOp>(
              [&](Operation *o) {
                for (int64_t c = 0; c < C; ++c)
                  f[c] = fact(o->getOperand(0), c);
              })
          .Case<ssl::PadOp>([&](auto o) {
            // Zero padding keeps a channel constant only if it is 0.
            for (int64_t c = 0; c < C; ++c) {
              Fact in = fact(o.getInput(), c);
              if (in.isConst && in.value == 0.0f)
                f[c] = in;
            }
          })
          .Case<ssl::SliceOp>([&](auto o) {
            for (int64_t c = 0; c < C; ++c)
              f[c] = fact(o.getInput(), int64_t(o.getBegin()) + c);
          })
          .Case<ssl::ChannelShuffleOp>([&](auto o) {
            for (int64_t c = 0; c < C; ++c)
              f[c] = fact(o.getInput(), shuffleSource(o, c));
          })
          .Case<ssl::AvgPool2dOp>([&](auto o) {
            bool padded = llvm::any_of(o.getPads(),
                                       [](int64_t p) { return p != 0; });
            for (int64_t c = 0; c < C; ++c) {
              Fact in = fact(o.getInput(), c);
              // Padded cells in the divisor make a constant position-dependent.
              if (in.isConst &&
                  (!padded || !o.getCountIncludePad() || in.value == 0.0f))
                f[c] = in;
            }
          })
          .Case<ssl::AddOp>([&](auto o) {
            for (int64_t c = 0; c < C; ++c) {
              Fact a = fact(o.getLhs(), c), b = fact(o.getRhs(), c);
              if (a.isConst && b.isConst)
                f[c] = Fact{true, a.value + b.value};
            }
          })
          .Case<ssl::FlattenOp>([&](auto o) {
            int64_t hw = spatialOf(o.getInput());
            for (int64_t k = 0; k < C; ++k)
              f[k] = fact(o.getInput(), k / hw);
          })
          .Case<ssl::ConcatOp>([&](auto o) {
            if (o.getAxis() != 1)
              return;
            int64_t offset = 0;
            for (Value in : o.getInputs()) {
              for (int64_t c = 0; c < channelsOf(in); ++c)
                f[offset + c] = fact(in, c);
              offset += channelsOf(in);
            }
          });
      facts[r] = std::move(f);
    }
  }

  void initCandidates() {
    for (Value v : activations) {
      int64_t C = channelsOf(v);
      llvm::BitVector bits(C);
      for (int64_t c = 0; c < C; ++c)
        if (!options.onlyConstantChannels || fact(v, c).isConst)
          bits.set(c);
      cand[v] = bits;
    }
  }

  bool isCand(Value v, int64_t c) {
    auto it = cand.find(v);
    return it != cand.end() && c < (int64_t)it->second.size() &&
           it->second.test(c);
  }

  /// Whether every parameter of `op` in `values` is read by `op` alone and
  /// has constant values this pass can read and rewrite. A parameter it
  /// cannot read (another attribute kind) pins its layer's channels: the
  /// layer could not be rewritten to match its neighbours.
  bool privateParams(Operation *op, ArrayRef<Value> values) {
    for (Value v : values)
      if (v && (!isPrivate(v, op) || !param(v)))
        return false;
    return true;
  }

  /// isPrivateParameterOf, asked once per parameter and reader: it walks
  /// the module's symbol uses, and the fixed point asks it per channel.
  bool isPrivate(Value v, Operation *op) {
    auto [it, inserted] = privateCache.try_emplace({v, op}, false);
    if (inserted)
      it->second = isPrivateParameterOf(v, op);
    return it->second;
  }

  /// A per-channel activation of a constant: the expression of the op's
  /// description (and of its lowering), in f32.
  static float activation(Operation *op, float x) {
    return llvm::TypeSwitch<Operation *, float>(op)
        .Case<ssl::ReluOp>([&](auto) { return std::max(x, 0.0f); })
        .Case<ssl::ClipOp>([&](auto o) {
          return std::min(std::max(x, o.getMin().convertToFloat()),
                          o.getMax().convertToFloat());
        })
        .Case<ssl::SigmoidOp>(
            [&](auto) { return 1.0f / (1.0f + std::exp(-x)); })
        .Case<ssl::HardSigmoidOp>([&](auto o) {
          float alpha = o.getAlpha().convertToFloat(),
                beta = o.getBeta().convertToFloat();
          return std::max(0.0f, std::min(1.0f, alpha * x + beta));
        })
        .Case<ssl::HardSwishOp>([&](auto) {
          return x * std::min(std::max(x + 3.0f, 0.0f), 6.0f) / 6.0f;
        })
        .Case<ssl::GeluOp>([&](auto) {
          return x * (std::erf(x / 1.41421354f) + 1.0f) * 0.5f;
        });
  }

  /// ssl.mul whose rhs has the channels of lhs: channel c of the result
  /// reads channel c of both (a squeeze-and-excitation gate, SiLU, a
  /// per-channel scale).
  static bool mulCouplesChannels(ssl::MulOp o) {
    return channelsOf(o.getRhs()) == channelsOf(o.getLhs());
  }
  /// ssl.mul by a tensor with one channel: every channel reads it.
  static bool mulRhsPerTensor(ssl::MulOp o) {
    return channelsOf(o.getRhs()) == 1 && channelsOf(o.getLhs()) > 1;
  }
  /// What is known about the rhs of `o` at channel `c`: an activation's
  /// fact, or the value of a constant that is the same at every position.
  Fact mulRhsFact(ssl::MulOp o, int64_t c) {
    int64_t rc = mulRhsPerTensor(o) ? 0 : c;
    if (std::shared_ptr<const Parameter> p = param(o.getRhs())) {
      // One value per channel ([1, C, 1, 1], [1, C] or a scalar).
      if (p->size() != channelsOf(o.getRhs()))
        return Fact{};
      return Fact{true, p->values[rc]};
    }
    return fact(o.getRhs(), rc);
  }
  /// Whether the rhs of `o` can do without channel `c` when the result
  /// does: nothing to remove for a one-channel rhs; a constant rhs read
  /// only here is sliced; an activation must drop it too.
  bool mulRhsAllows(ssl::MulOp o, int64_t c) {
    if (mulRhsPerTensor(o))
      return true;
    if (!mulCouplesChannels(o))
      return false;
    if (param(o.getRhs()))
      return privateParams(o, {o.getRhs()});
    return isCand(o.getRhs(), c);
  }

  /// Channels per group of a channel shuffle (the rows of its matrix).
  static int64_t shuffleRows(ssl::ChannelShuffleOp o) {
    return channelsOf(o.getInput()) / int64_t(o.getGroups());
  }
  /// The input channel that output channel `c` of a shuffle reads.
  static int64_t shuffleSource(ssl::ChannelShuffleOp o, int64_t c) {
    int64_t g = o.getGroups();
    return (c % g) * shuffleRows(o) + c / g;
  }
  /// A shuffle stays a shuffle of the same groups when column `i` of its
  /// [groups, C / groups] matrix goes whole: input channels k·(C/groups) + i
  /// and output channels i·groups + k for every group k.
  bool shuffleColumnRemovable(ssl::ChannelShuffleOp o, int64_t i) {
    int64_t g = o.getGroups(), rows = shuffleRows(o);
    for (int64_t k = 0; k < g; ++k)
      if (!isCand(o.getInput(), k * rows + i) ||
          !isCand(o.getOutput(), i * g + k))
        return false;
    return true;
  }

  /// Whether the producer of `v` can stop computing channel `c`.
  bool producerAllows(Value v, int64_t c) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return false; // a function argument keeps its shape
    if (isPerChannel(def))
      return isCand(def->getOperand(0), c);
    return llvm::TypeSwitch<Operation *, bool>(def)
        .Case<ssl::Conv2dOp>([&](auto o) {
          if (!privateParams(o, {o.getWeight(), o.getBias()}))
            return false;
          return o.getGroups() == 1 ||
                 groupRemovable(o, c / (channelsOf(v) / o.getGroups()));
        })
        .Case<ssl::DenseOp>([&](auto o) {
          return privateParams(o, {o.getWeight(), o.getBias()});
        })
        .Case<ssl::BatchNormOp>([&](auto o) {
          return isCand(o.getInput(), c) &&
                 privateParams(o, {o.getGamma(), o.getBeta(), o.getMean(),
                                   o.getVariance()});
        })
        .Case<ssl::AddOp>([&](auto o) {
          return isCand(o.getLhs(), c) && isCand(o.getRhs(), c);
        })
        .Case<ssl::MulOp>([&](auto o) {
          return isCand(o.getLhs(), c) && mulRhsAllows(o, c);
        })
        .Case<ssl::SliceOp>([&](auto o) {
          return isCand(o.getInput(), int64_t(o.getBegin()) + c);
        })
        .Case<ssl::ChannelShuffleOp>(
            [&](auto o) { return shuffleColumnRemovable(o, c / int64_t(o.getGroups())); })
        .Case<ssl::FlattenOp>([&](auto o) {
          return isCand(o.getInput(), c / spatialOf(o.getInput()));
        })
        .Case<ssl::ConcatOp>([&](auto o) {
          if (o.getAxis() != 1)
            return false;
          int64_t offset = 0;
          for (Value in : o.getInputs()) {
            int64_t n = channelsOf(in);
            if (c < offset + n)
              return isCand(in, c - offset);
            offset += n;
          }
          return false;
        })
        .Default([](Operation *) { return false; });
  }

  /// Whether `layer` (conv or dense reading `v` as its input) can do
  /// without channel `c`: its weights for it are zero, or the channel is a
  /// constant it can fold into its bias.
  bool layerAbsorbs(Operation *layer, Value weight, Value bias, Value v,
                    int64_t c, bool padded) {
    if (!privateParams(layer, {weight, bias}))
      return false;
    std::shared_ptr<const Parameter> w = param(weight);
    if (!w)
      return false;
    if (inputIgnored(*w, c))
      return true;
    Fact f = fact(v, c);
    return f.isConst && (f.value == 0.0f || !padded);
  }

  /// W[:, c, ...] all zero (weight [O, C, ...] or [O, C]).
  static bool inputIgnored(const Parameter &w, int64_t c) {
    int64_t O = w.shape[0], C = w.shape[1];
    int64_t inner = w.size() / (O * C);
    for (int64_t o = 0; o < O; ++o)
      if (!allZero(w.values, (o * C + c) * inner, inner))
        return false;
    return true;
  }

  /// Whether group `g` of a grouped convolution (a depthwise one included)
  /// can go as a whole: every input channel it reads and every output
  /// channel it computes is removed. Removing whole groups keeps the
  /// grouping valid; a group that stays keeps all of its channels.
  bool groupRemovable(ssl::Conv2dOp conv, int64_t g) {
    int64_t groups = conv.getGroups();
    int64_t Cg = channelsOf(conv.getInput()) / groups;
    int64_t Og = channelsOf(conv.getOutput()) / groups;
    for (int64_t c = g * Cg; c < (g + 1) * Cg; ++c)
      if (!isCand(conv.getInput(), c))
        return false;
    for (int64_t o = g * Og; o < (g + 1) * Og; ++o)
      if (!isCand(conv.getOutput(), o))
        return false;
    return true;
  }

  bool consumerAllows(OpOperand &use, int64_t c) {
    Operation *u = use.getOwner();
    Value v = use.get();
    if (isPerChannel(u))
      return isCand(u->getResult(0), c);
    return llvm::TypeSwitch<Operation *, bool>(u)
        .Case<ssl::Conv2dOp>([&](auto o) {
          if (use.getOperandNumber() != 0)
            return false;
          if (o.getGroups() != 1)
            return privateParams(o, {o.getWeight(), o.getBias()}) &&
                   groupRemovable(o, c / (channelsOf(v) / o.getGroups()));
          bool padded = llvm::any_of(o.getPads(),
                                     [](int64_t p) { return p != 0; });
          return layerAbsorbs(o, o.getWeight(), o.getBias(), v, c, padded);
        })
        .Case<ssl::DenseOp>([&](auto o) {
          return use.getOperandNumber() == 0 &&
                 layerAbsorbs(o, o.getWeight(), o.getBias(), v, c, false);
        })
        .Case<ssl::BatchNormOp>([&](auto o) {
          return use.getOperandNumber() == 0 && isCand(o.getOutput(), c);
        })
        .Case<ssl::AddOp>([&](auto o) {
          Value other = use.getOperandNumber() == 0 ? o.getRhs() : o.getLhs();
          return isCand(o.getOutput(), c) && isCand(other, c);
        })
        .Case<ssl::MulOp>([&](auto o) {
          if (use.getOperandNumber() == 0)
            return isCand(o.getOutput(), c) && mulRhsAllows(o, c);
          // A gate read by every channel (rhs with one channel) stays.
          return mulCouplesChannels(o) && isCand(o.getOutput(), c) &&
                 isCand(o.getLhs(), c);
        })
        .Case<ssl::SliceOp>([&](auto o) {
          int64_t begin = o.getBegin(), end = o.getEnd();
          // A channel outside the slice is not read by it.
          return c < begin || c >= end || isCand(o.getOutput(), c - begin);
        })
        .Case<ssl::ChannelShuffleOp>([&](auto o) {
          return shuffleColumnRemovable(o, c % shuffleRows(o));
        })
        .Case<ssl::FlattenOp>([&](auto o) {
          int64_t hw = spatialOf(v);
          for (int64_t k = c * hw; k < (c + 1) * hw; ++k)
            if (!isCand(o.getOutput(), k))
              return false;
          return true;
        })
        .Case<ssl::ConcatOp>([&](auto o) {
          if (o.getAxis() != 1)
            return false;
          int64_t offset = 0;
          for (unsigned i = 0; i < use.getOperandNumber(); ++i)
            offset += channelsOf(o.getInputs()[i]);
          return isCand(o.getOutput(), offset + c);
        })
        .Default([](Operation *) { return false; });
  }

  void shrinkToFixedPoint() {
    while (true) {
      bool changed = true;
      while (changed) {
        changed = false;
        for (Value v : activations) {
          llvm::BitVector &bits = cand[v];
          for (int c = bits.find_first(); c >= 0; c = bits.find_next(c)) {
            bool ok = producerAllows(v, c);
            for (OpOperand &use : v.getUses())
              ok = ok && consumerAllows(use, c);
            if (!ok) {
              bits.reset(c);
              changed = true;
            }
          }
        }
      }
      // A tensor keeps at least one channel. Decided once the constraints
      // have settled: keeping channel 0 of a tensor whose channels all
      // looked removable at the start would pin a removable channel 0.
      bool emptied = false;
      for (Value v : activations) {
        llvm::BitVector &bits = cand[v];
        if (bits.size() > 0 && bits.all()) {
          bits.reset(0);
          emptied = true;
          break;
        }
      }
      if (!emptied)
        return;
    }
  }

  /// How an op is named in explanations: a layer by its parameters, any
  /// other op by its name.
  std::string describe(Operation *op) {
    Value weight;
    if (auto conv = dyn_cast<ssl::Conv2dOp>(op))
      weight = conv.getWeight();
    else if (auto dense = dyn_cast<ssl::DenseOp>(op))
      weight = dense.getWeight();
    if (weight)
      if (std::shared_ptr<const Parameter> w = param(weight))
        return "'" + layerNameOf(*w) + "'";
    return op->getName().getStringRef().str();
  }

  /// Why channel `c` of `v` stays: the first rule that keeps it, followed
  /// along per-channel ops to the op that decides.
  std::string whyKept(Value v, int64_t c, int depth) {
    if (depth > 32)
      return "a long chain of ops keeps it";
    Operation *def = v.getDefiningOp();
    // Past the layer itself only consumers decide: the channel we came
    // from is what keeps a per-channel producer, and an add's or a
    // product's other operand is checked where it is read.
    if (depth == 0 && !producerAllows(v, c)) {
      if (auto conv = dyn_cast_or_null<ssl::Conv2dOp>(def))
        if (conv.getGroups() != 1) {
          int64_t Cg = channelsOf(conv.getInput()) / conv.getGroups();
          int64_t g = c / (channelsOf(v) / conv.getGroups());
          for (int64_t i = g * Cg; i < (g + 1) * Cg; ++i)
            if (!isCand(conv.getInput(), i))
              return "grouped conv: the input channels of its group are "
                     "live, and groups go whole";
          return "grouped conv: other filters of its group stay, and groups "
                 "go whole";
        }
      return "its parameters are shared or not constant";
    }
    for (OpOperand &use : v.getUses()) {
      if (consumerAllows(use, c))
        continue;
      Operation *u = use.getOwner();
      if (isa<func::ReturnOp>(u))
        return "it is a result of the function";
      if (auto conv = dyn_cast<ssl::Conv2dOp>(u)) {
        if (conv.getGroups() != 1)
          return "its group in grouped conv " + describe(u) +
                 " keeps live channels";
        Fact f = fact(v, c);
        if (!f.isConst)
          return "it varies where " + describe(u) + " reads it";
        return describe(u) +
               " zero-pads it, and a nonzero constant is position-dependent "
               "there";
      }
      if (isa<ssl::DenseOp>(u))
        return "it varies where " + describe(u) + " reads it";
      if (isa<ssl::AddOp, ssl::MulOp>(u)) {
        Value other = u->getOperand(1 - use.getOperandNumber());
        if (!isCand(other, c) && channelsOf(other) == channelsOf(v))
          return isa<ssl::AddOp>(u)
                     ? "it is summed with a live channel (a residual add)"
                     : "it is multiplied with a live channel";
        return whyKept(u->getResult(0), c, depth + 1);
      }
      if (isPerChannel(u) || isa<ssl::BatchNormOp>(u))
        return whyKept(u->getResult(0), c, depth + 1);
      if (auto cat = dyn_cast<ssl::ConcatOp>(u)) {
        int64_t offset = 0;
        for (unsigned i = 0; i < use.getOperandNumber(); ++i)
          offset += channelsOf(cat.getInputs()[i]);
        return whyKept(cat.getOutput(), offset + c, depth + 1);
      }
      if (auto slice = dyn_cast<ssl::SliceOp>(u))
        return whyKept(slice.getOutput(), c - int64_t(slice.getBegin()),
                       depth + 1);
      if (isa<ssl::ChannelShuffleOp>(u))
        return "its column of a channel shuffle keeps live channels";
      if (isa<ssl::FlattenOp>(u))
        return "a dense layer reads its flattened features";
      return "it is read by " + describe(u) +
             ", which structure removal does not see through";
    }
    return "a tensor keeps at least one channel";
  }

  std::vector<int64_t> kept(Value v) {
    std::vector<int64_t> keep;
    for (int64_t c = 0; c < channelsOf(v); ++c)
      if (!isCand(v, c))
        keep.push_back(c);
    return keep;
  }

  /// Rewrites a conv or dense layer: drops removed output rows, folds
  /// constant removed inputs into the bias, drops removed input columns.
  void rewriteLayer(Operation *layer, Value input, Value output, Value weight,
                    Value bias, std::function<void(Value)> setBias) {
    std::vector<int64_t> keepOut = kept(output), keepIn = kept(input);
    int64_t O = channelsOf(output), C = channelsOf(input);
    if ((int64_t)keepOut.size() == O && (int64_t)keepIn.size() == C)
      return;
    FailureOr<Parameter> w = readParameter(weight);
    if (failed(w))
      return;
    int64_t inner = w->size() / (w->shape[0] * w->shape[1]);
    std::vector<float> b(O, 0.0f);
    FailureOr<Parameter> bp = failure();
    if (bias) {
      bp = readParameter(bias);
      b = bp->values;
    }
    bool biasChanged = false;
    for (int64_t c = 0; c < C; ++c) {
      if (!isCand(input, c))
        continue;
      Fact f = fact(input, c);
      if (!f.isConst || f.value == 0.0f || inputIgnored(*w, c))
        continue;
      for (int64_t o = 0; o < O; ++o) {
        double sum = 0;
        for (int64_t i = 0; i < inner; ++i)
          sum += w->values[(o * C + c) * inner + i];
        b[o] = static_cast<float>(b[o] + double(f.value) * sum);
      }
      biasChanged = true;
      ++stats.constantsFolded;
    }
    std::vector<float> nw;
    nw.reserve(keepOut.size() * keepIn.size() * inner);
    for (int64_t o : keepOut)
      for (int64_t c : keepIn)
        for (int64_t i = 0; i < inner; ++i)
          nw.push_back(w->values[(o * C + c) * inner + i]);
    std::vector<int64_t> shape = w->shape;
    shape[0] = keepOut.size();
    shape[1] = keepIn.size();
    writeParameter(*w, shape, std::move(nw));
    std::vector<float> nb;
    for (int64_t o : keepOut)
      nb.push_back(b[o]);
    const int64_t n = nb.size();
    if (bias) {
      writeParameter(*bp, {n}, std::move(nb));
    } else if (biasChanged) {
      std::string base = layerNameOf(*w);
      setBias(createParameter(layer, base + ".bias", {n}, std::move(nb)));
    }
    stats.channelsRemoved += O - keepOut.size();
  }

  /// Drops the removed groups of a grouped convolution: their filters,
  /// their bias entries, and their count from `groups`. The channels of a
  /// removed group are removed on both sides (see groupRemovable), so the
  /// weight of a kept group is unchanged.
  void rewriteGroupedConv(ssl::Conv2dOp conv) {
    std::vector<int64_t> keepOut = kept(conv.getOutput());
    int64_t O = channelsOf(conv.getOutput());
    if ((int64_t)keepOut.size() == O)
      return;
    FailureOr<Parameter> w = readParameter(conv.getWeight());
    if (failed(w))
      return;
    int64_t groups = conv.getGroups(), Og = O / groups;
    int64_t per = w->size() / O;
    std::vector<float> nw;
    for (int64_t o : keepOut)
      nw.insert(nw.end(), w->values.begin() + o * per,
                w->values.begin() + (o + 1) * per);
    std::vector<int64_t> shape = w->shape;
    shape[0] = keepOut.size();
    writeParameter(*w, shape, std::move(nw));
    if (Value bias = conv.getBias())
      sliceChannelParam(bias, keepOut);
    conv.setGroups(static_cast<int64_t>(keepOut.size()) / Og);
    stats.channelsRemoved += O - keepOut.size();
  }

  /// Keeps entries `keep` along axis 1 of a parameter [d0, C, ...].
  void sliceDim1(Value v, const std::vector<int64_t> &keep) {
    FailureOr<Parameter> p = readParameter(v);
    if (failed(p) || p->shape.size() < 2 ||
        (int64_t)keep.size() == p->shape[1])
      return;
    int64_t d0 = p->shape[0], C = p->shape[1], inner = p->size() / (d0 * C);
    std::vector<float> values;
    for (int64_t i = 0; i < d0; ++i)
      for (int64_t c : keep)
        values.insert(values.end(),
                      p->values.begin() + (i * C + c) * inner,
                      p->values.begin() + (i * C + c + 1) * inner);
    std::vector<int64_t> shape = p->shape;
    shape[1] = keep.size();
    writeParameter(*p, shape, std::move(values));
  }

  void sliceChannelParam(Value v, const std::vector<int64_t> &keep) {
    FailureOr<Parameter> p = readParameter(v);
    if (failed(p) || (int64_t)keep.size() == p->size())
      return;
    std::vector<float> values;
    for (int64_t c : keep)
      values.push_back(p->values[c]);
    writeParameter(*p, {(int64_t)keep.size()}, std::move(values));
  }

  void apply() {
    SmallVector<Operation *> ops;
    for (Operation &op : fn.getBody().front())
      ops.push_back(&op);
    for (Operation *op : ops) {
      llvm::TypeSwitch<Operation *>(op)
          .Case<ssl::Conv2dOp>([&](auto o) {
            if (o.getGroups() != 1) {
              rewriteGroupedConv(o);
              return;
            }
            rewriteLayer(o, o.getInput(), o.getOutput(), o.getWeight(),
                         o.getBias(), [&](Value b) {
                           o.getBiasMutable().assign(b);
                         });
          })
          .Case<ssl::DenseOp>([&](auto o) {
            rewriteLayer(o, o.getInput(), o.getOutput(), o.getWeight(),
                         o.getBias(), [&](Value b) {
                           o.getBiasMutable().assign(b);
                         });
          })
          .Case<ssl::SliceOp>([&](auto o) {
            // The slice's bounds count the channels kept before them.
            int64_t begin = 0, end = 0;
            for (int64_t c : kept(o.getInput())) {
              begin += c < int64_t(o.getBegin());
              end += c < int64_t(o.getEnd());
            }
            o.setBegin(begin);
            o.setEnd(end);
          })
          .Case<ssl::MulOp>([&](auto o) {
            if (mulCouplesChannels(o) && param(o.getRhs()))
              sliceDim1(o.getRhs(), kept(o.getLhs()));
          })
          .Case<ssl::BatchNormOp>([&](auto o) {
            std::vector<int64_t> keep = kept(o.getInput());
            for (Value p : {o.getGamma(), o.getBeta(), o.getMean(),
                            o.getVariance()})
              sliceChannelParam(p, keep);
          });
    }
    retype(ops);
  }

  /// New result types, in program order, from the rewritten operands.
  void retype(ArrayRef<Operation *> ops) {
    for (Operation *op : ops) {
      if (!isa<ssl::SSLDialect>(op->getDialect()))
        continue;
      if (auto infer = dyn_cast<InferTypeOpInterface>(op)) {
        SmallVector<Type> types;
        if (succeeded(infer.inferReturnTypes(
                op->getContext(), op->getLoc(), op->getOperands(),
                op->getAttrDictionary(), op->getPropertiesStorage(),
                op->getRegions(), types)))
          for (auto [r, t] : llvm::zip(op->getResults(), types))
            r.setType(t);
        continue;
      }
      if (op->getNumResults() == 1 && op->getNumOperands() >= 1)
        op->getResult(0).setType(op->getOperand(0).getType());
    }
  }

  func::FuncOp fn;
  ChannelPruningOptions options;
  ChannelPruningStats stats;
  std::vector<Value> activations;
  llvm::DenseMap<Value, std::vector<Fact>> facts;
  llvm::DenseMap<Value, llvm::BitVector> cand;
  llvm::DenseMap<Value, std::shared_ptr<const Parameter>> params;
  llvm::DenseMap<std::pair<Value, Operation *>, bool> privateCache;
};

} // namespace

// A declaration (a function without a body) has no channels to follow.

ChannelConstants computeChannelConstants(func::FuncOp fn) {
  if (fn.isExternal())
    return ChannelConstants();
  return ChannelPruner(fn, ChannelPruningOptions()).constants();
}

std::vector<KeptFilter> explainKeptFilters(func::FuncOp fn,
                                           const ChannelPruningOptions &options) {
  if (fn.isExternal())
    return {};
  return ChannelPruner(fn, options).explain();
}

ChannelPruningStats pruneChannels(func::FuncOp fn,
                                  const ChannelPruningOptions &options) {
  if (fn.isExternal())
    return {};
  return ChannelPruner(fn, options).run();
}

} // namespace sslc
