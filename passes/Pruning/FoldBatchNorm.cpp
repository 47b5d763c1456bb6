//===- FoldBatchNorm.cpp - batch norm into the preceding layer ------------===//
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Passes.h"
#include "passes/Pruning/ParameterUtils.h"

#include <cmath>

namespace sslc {
#define GEN_PASS_DEF_FOLDBATCHNORMPASS
#include "passes/Passes.h.inc"
} // namespace sslc

using namespace mlir;

namespace sslc {
namespace {

/// The layer a batch norm can fold into: conv2d or dense, with its weight
/// (output channel first) and optional bias.
struct Layer {
  Operation *op;
  Value weight, bias;
};

std::optional<Layer> foldableProducer(ssl::BatchNormOp bn) {
  Value in = bn.getInput();
  Operation *def = in.getDefiningOp();
  if (!def || !in.hasOneUse())
    return std::nullopt;
  if (auto conv = dyn_cast<ssl::Conv2dOp>(def))
    return Layer{def, conv.getWeight(), conv.getBias()};
  if (auto dense = dyn_cast<ssl::DenseOp>(def))
    return Layer{def, dense.getWeight(), dense.getBias()};
  return std::nullopt;
}

LogicalResult foldOne(ssl::BatchNormOp bn) {
  std::optional<Layer> layer = foldableProducer(bn);
  if (!layer || !isPrivateParameterOf(layer->weight, layer->op))
    return failure();
  if (layer->bias && !isPrivateParameterOf(layer->bias, layer->op))
    return failure();
  auto gamma = readParameter(bn.getGamma());
  auto beta = readParameter(bn.getBeta());
  auto mean = readParameter(bn.getMean());
  auto var = readParameter(bn.getVariance());
  auto weight = readParameter(layer->weight);
  if (failed(gamma) || failed(beta) || failed(mean) || failed(var) ||
      failed(weight))
    return failure();
  const int64_t C = weight->shape[0];
  const int64_t perFilter = weight->size() / C;
  std::vector<float> bias(C, 0.0f);
  FailureOr<Parameter> oldBias = failure();
  if (layer->bias) {
    oldBias = readParameter(layer->bias);
    if (failed(oldBias))
      return failure();
    bias = oldBias->values;
  }
  double eps = bn.getEpsilon().convertToDouble();
  std::vector<float> w = weight->values;
  for (int64_t c = 0; c < C; ++c) {
    double s = gamma->values[c] / std::sqrt(double(var->values[c]) + eps);
    for (int64_t i = 0; i < perFilter; ++i)
      w[c * perFilter + i] = static_cast<float>(w[c * perFilter + i] * s);
    bias[c] = static_cast<float>((bias[c] - mean->values[c]) * s +
                                 beta->values[c]);
  }
  writeParameter(*weight, weight->shape, std::move(w));
  if (succeeded(oldBias)) {
    writeParameter(*oldBias, oldBias->shape, std::move(bias));
  } else {
    std::string base = layerNameOf(*weight);
    Value b = createParameter(layer->op, base + ".bias", {C}, std::move(bias));
    if (auto conv = dyn_cast<ssl::Conv2dOp>(layer->op))
      conv.getBiasMutable().assign(b);
    else
      cast<ssl::DenseOp>(layer->op).getBiasMutable().assign(b);
  }
  bn.getOutput().replaceAllUsesWith(bn.getInput());
  bn.erase();
  return success();
}

struct FoldBatchNormPass
    : impl::FoldBatchNormPassBase<FoldBatchNormPass> {
  void runOnOperation() override {
    SmallVector<ssl::BatchNormOp> norms;
    getOperation().walk([&](ssl::BatchNormOp bn) { norms.push_back(bn); });
    for (ssl::BatchNormOp bn : norms)
      (void)foldOne(bn);
  }
};

} // namespace
} // namespace sslc
