//===- FoldZeroDepth.cpp - ssl-fold-zero-depth ----------------------------===//
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Passes.h"
#include "passes/Pruning/ChannelPruning.h"
#include "passes/Pruning/ParameterUtils.h"

#include "mlir/IR/BuiltinOps.h"

namespace sslc {
#define GEN_PASS_DEF_FOLDZERODEPTHPASS
#include "passes/Passes.h.inc"

using namespace mlir;

namespace {

/// The output of `conv` when input channel c is the constant k[c]
/// everywhere (zero outside the image), for one image; all images are the
/// same.
std::vector<float> evaluateOnConstant(ssl::Conv2dOp conv,
                                      const std::vector<float> &k,
                                      const Parameter &w,
                                      const std::vector<float> &bias) {
  auto in = conv.getInput().getType();
  auto out = conv.getOutput().getType();
  const int64_t H = in.getDimSize(2), W = in.getDimSize(3);
  const int64_t O = out.getDimSize(1), OH = out.getDimSize(2),
                OW = out.getDimSize(3);
  const int64_t Cg = w.shape[1], KH = w.shape[2], KW = w.shape[3];
  const int64_t groups = static_cast<int64_t>(conv.getGroups());
  const int64_t Og = O / groups;
  ArrayRef<int64_t> s = conv.getStrides(), p = conv.getPads(),
                    d = conv.getDilations();
  std::vector<float> result(O * OH * OW);
  for (int64_t o = 0; o < O; ++o)
    for (int64_t y = 0; y < OH; ++y)
      for (int64_t x = 0; x < OW; ++x) {
        double acc = bias.empty() ? 0.0 : bias[o];
        for (int64_t c = 0; c < Cg; ++c) {
          double kc = k[(o / Og) * Cg + c];
          if (kc == 0.0)
            continue;
          for (int64_t ky = 0; ky < KH; ++ky) {
            int64_t iy = y * s[0] - p[0] + ky * d[0];
            if (iy < 0 || iy >= H)
              continue;
            for (int64_t kx = 0; kx < KW; ++kx) {
              int64_t ix = x * s[1] - p[1] + kx * d[1];
              if (ix < 0 || ix >= W)
                continue;
              acc += kc * w.values[((o * Cg + c) * KH + ky) * KW + kx];
            }
          }
        }
        result[(o * OH + y) * OW + x] = static_cast<float>(acc);
      }
  return result;
}

/// Whether `v` reaches a residual add through ops that keep its channels
/// (those the channel-pruning engine carries a channel through). Elsewhere
/// a zero layer is better left to ssl-remove-zero-filters, which deletes
/// its channels outright. The ops on the way need not map 0 to 0: a folded
/// layer becomes its exact output, and an add goes only when an operand is
/// an all-zero constant.
bool feedsResidualAdd(Value v) {
  SmallVector<Value> work{v};
  while (!work.empty()) {
    Value cur = work.pop_back_val();
    for (Operation *user : cur.getUsers()) {
      if (isa<ssl::AddOp>(user))
        return true;
      // A product's lhs keeps its channels (ConvNeXt's layer scale).
      if (isPerChannel(user) || isa<ssl::BatchNormOp>(user) ||
          (isa<ssl::MulOp>(user) && user->getOperand(0) == cur))
        work.push_back(user->getResult(0));
    }
  }
  return false;
}

struct FoldZeroDepthPass : impl::FoldZeroDepthPassBase<FoldZeroDepthPass> {
  void runOnOperation() override {
    getOperation().walk([&](func::FuncOp fn) { foldFunction(fn); });
  }

  void foldFunction(func::FuncOp fn) {
    // A batch norm whose γ is zero outputs β whatever its input: the end of
    // a residual branch whose depth_bn group was zeroed.
    SmallVector<ssl::BatchNormOp> norms;
    fn.walk([&](ssl::BatchNormOp bn) { norms.push_back(bn); });
    for (ssl::BatchNormOp bn : norms)
      if (feedsResidualAdd(bn.getOutput()))
        foldZeroScale(bn);
    // Folding one layer can make the next one's input constant.
    while (foldConstantInputs(fn)) {
    }
    // A zero layer whose output still feeds varying data (a residual add, a
    // shortcut) becomes its bias as a constant tensor.
    SmallVector<ssl::Conv2dOp> convs;
    fn.walk([&](ssl::Conv2dOp c) { convs.push_back(c); });
    for (ssl::Conv2dOp conv : convs) {
      FailureOr<Parameter> w = readParameter(conv.getWeight());
      if (succeeded(w) && feedsResidualAdd(conv.getOutput()) &&
          llvm::all_of(w->values, [](float v) { return v == 0.0f; })) {
        int64_t C = conv.getInput().getType().getDimSize(1);
        fold(conv, std::vector<float>(C, 0.0f));
      }
    }
    // x + 0 is x: the block of a branch that outputs exactly 0.
    SmallVector<ssl::AddOp> adds;
    fn.walk([&](ssl::AddOp add) { adds.push_back(add); });
    for (ssl::AddOp add : adds)
      for (auto [zero, other] : {std::pair{add.getLhs(), add.getRhs()},
                                 std::pair{add.getRhs(), add.getLhs()}}) {
        FailureOr<Parameter> z = readParameter(zero);
        if (succeeded(z) && other.getType() == add.getType() &&
            llvm::all_of(z->values, [](float v) { return v == 0.0f; })) {
          add.getOutput().replaceAllUsesWith(other);
          add.erase();
          break;
        }
      }
  }

  /// Replaces `bn` by β broadcast over its output when γ is all zero:
  /// (x - mean) · 0 / √(var + ε) + β is β for every finite x.
  void foldZeroScale(ssl::BatchNormOp bn) {
    FailureOr<Parameter> gamma = readParameter(bn.getGamma());
    FailureOr<Parameter> beta = readParameter(bn.getBeta());
    if (failed(gamma) || failed(beta) ||
        !llvm::all_of(gamma->values, [](float v) { return v == 0.0f; }))
      return;
    auto type = bn.getOutput().getType();
    std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
    if (shape.size() < 2 ||
        static_cast<int64_t>(beta->values.size()) != shape[1])
      return;
    int64_t inner = 1;
    for (size_t d = 2; d < shape.size(); ++d)
      inner *= shape[d];
    std::vector<float> all;
    all.reserve(shape[0] * shape[1] * inner);
    for (int64_t n = 0; n < shape[0]; ++n)
      for (float b : beta->values)
        all.insert(all.end(), inner, b);
    Value folded = createParameter(bn, layerNameOf(*beta) + ".folded", shape,
                                   std::move(all));
    bn.getOutput().replaceAllUsesWith(folded);
    bn.erase();
  }

  bool foldConstantInputs(func::FuncOp fn) {
    ChannelConstants constants = computeChannelConstants(fn);
    SmallVector<ssl::Conv2dOp> convs;
    fn.walk([&](ssl::Conv2dOp c) { convs.push_back(c); });
    bool changed = false;
    for (ssl::Conv2dOp conv : convs) {
      auto it = constants.find(conv.getInput());
      if (it == constants.end())
        continue;
      std::vector<float> k;
      for (const std::optional<float> &c : it->second) {
        if (!c)
          break;
        k.push_back(*c);
      }
      if (k.size() != it->second.size())
        continue; // some input channel varies
      changed |= fold(conv, k);
    }
    return changed;
  }

  /// Replaces `conv` by its output on the constant input `k` (per channel).
  bool fold(ssl::Conv2dOp conv, const std::vector<float> &k) {
    FailureOr<Parameter> w = readParameter(conv.getWeight());
    if (failed(w))
      return false;
    std::vector<float> bias;
    if (Value b = conv.getBias()) {
      FailureOr<Parameter> bp = readParameter(b);
      if (failed(bp))
        return false;
      bias = bp->values;
    }
    std::vector<float> image = evaluateOnConstant(conv, k, *w, bias);
    auto type = conv.getOutput().getType();
    std::vector<int64_t> shape(type.getShape().begin(),
                               type.getShape().end());
    std::vector<float> all;
    for (int64_t n = 0; n < shape[0]; ++n)
      all.insert(all.end(), image.begin(), image.end());
    std::string base = layerNameOf(*w);
    Value folded =
        createParameter(conv, base + ".folded", shape, std::move(all));
    conv.getOutput().replaceAllUsesWith(folded);
    conv.erase();
    return true;
  }
};

} // namespace
} // namespace sslc
