//===- Report.cpp - the learned structure of a Model ----------------------===//
//
// The numbers of `sslc report`'s table as data: live groups per layer from
// the group-norm analysis, and the layer shapes, FLOPs and parameters left
// after the pruning pipeline.
//
//===----------------------------------------------------------------------===//
#include "api/lib/Session.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Pipelines/Pipelines.h"
#include "passes/Analysis/Cost.h"
#include "passes/Analysis/GroupNorms.h"
#include "passes/Pruning/ParameterUtils.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>

namespace sslc {
namespace {

struct Weight {
  std::string name;
  bool conv;
  std::vector<int64_t> shape;
  std::vector<float> values;
};

/// Convolution and dense weights in network order; with `shapePruned`, also
/// the [O, live taps] weights of shape-pruned convolutions.
std::vector<Weight> weightsOf(mlir::ModuleOp m, bool shapePruned) {
  std::vector<Weight> weights;
  m.walk([&](mlir::Operation *op) {
    mlir::Value w;
    bool conv = false;
    if (auto c = llvm::dyn_cast<ssl::Conv2dOp>(op)) {
      w = c.getWeight();
      conv = true;
    } else if (auto s = llvm::dyn_cast<ssl::ShapePrunedConv2dOp>(op);
               s && shapePruned) {
      w = s.getWeight();
      conv = true;
    } else if (auto d = llvm::dyn_cast<ssl::DenseOp>(op)) {
      w = d.getWeight();
    } else {
      return;
    }
    mlir::FailureOr<Parameter> p = readParameter(w);
    if (mlir::failed(p))
      return;
    weights.push_back(
        {layerNameOf(*p), conv, p->shape, std::move(p->values)});
  });
  return weights;
}

/// Groups of `kind` with a nonzero element, and all groups.
std::pair<int64_t, int64_t> liveGroups(ssl::GroupKind kind, const Weight &w) {
  if (!isValidGroupShape(kind, w.shape))
    return {0, 0};
  mlir::FailureOr<GroupNorms> norms =
      computeGroupNorms(kind, w.shape, w.values);
  if (mlir::failed(norms))
    return {0, 0};
  return {norms->getNumGroups() - norms->getNumZeroGroups(),
          norms->getNumGroups()};
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

std::string format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format(const char *fmt, ...) {
  char buffer[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buffer, sizeof buffer, fmt, args);
  va_end(args);
  return buffer;
}

} // namespace

StructureReport Model::report() const {
  api::Session::Call call(*impl->session);
  StructureReport report;
  mlir::ModuleOp model = *impl->module;
  mlir::OwningOpRef<mlir::ModuleOp> pruned = model.clone();
  mlir::PassManager pm(impl->session->context());
  buildPruningPipeline(pm, PruningPipelineOptions());
  if (mlir::failed(pm.run(*pruned)))
    call.fail(ErrorKind::Pipeline, impl->source + ": pruning failed");
  std::map<std::string, std::vector<int64_t>> after;
  for (const Weight &w : weightsOf(*pruned, /*shapePruned=*/true))
    after[w.name] = w.shape;

  for (const Weight &w : weightsOf(model, /*shapePruned=*/false)) {
    LayerReport layer;
    layer.name = w.name;
    layer.kind = w.conv ? "conv" : "dense";
    layer.shape = w.shape;
    std::tie(layer.liveFilters, layer.filters) = liveGroups(
        w.conv ? ssl::GroupKind::Filter : ssl::GroupKind::Row, w);
    std::tie(layer.liveChannels, layer.channels) = liveGroups(
        w.conv ? ssl::GroupKind::Channel : ssl::GroupKind::Column, w);
    if (w.conv)
      std::tie(layer.liveShapeColumns, layer.shapeColumns) =
          liveGroups(ssl::GroupKind::Shape, w);
    int64_t nonzero = std::count_if(w.values.begin(), w.values.end(),
                                    [](float v) { return v != 0.0f; });
    layer.sparsity =
        w.values.empty() ? 0.0 : 1.0 - double(nonzero) / w.values.size();
    layer.removed = nonzero == 0;
    if (auto it = after.find(w.name); it != after.end())
      layer.prunedShape = it->second;
    report.layers.push_back(std::move(layer));
  }
  report.flops = countFlops(model);
  report.prunedFlops = countFlops(*pruned);
  report.parameters = countParameters(model);
  report.prunedParameters = countParameters(*pruned);
  return report;
}

std::string StructureReport::text() const {
  auto fraction = [](int64_t a, int64_t b) {
    return std::to_string(a) + "/" + std::to_string(b);
  };
  std::string s = format("%-14s %-7s %-12s %-12s %-14s %-12s %-12s %s\n",
                         "layer", "kind", "filters/rows", "channels/cols",
                         "shape columns", "sparsity", "whole layer",
                         "after --prune");
  for (const LayerReport &l : layers) {
    bool conv = l.kind == "conv";
    std::string shapes =
        conv ? fraction(l.liveShapeColumns, l.shapeColumns) : "-";
    std::string prunedShape =
        l.prunedShape.empty() ? "folded" : shapeText(l.prunedShape);
    s += format("%-14s %-7s %-12s %-12s %-14s %11.1f%% %-12s %s\n",
                l.name.c_str(), l.kind.c_str(),
                fraction(l.liveFilters, l.filters).c_str(),
                fraction(l.liveChannels, l.channels).c_str(), shapes.c_str(),
                100.0 * l.sparsity, l.removed ? "removed" : "-",
                prunedShape.c_str());
  }
  s += format("FLOPs after ssl-prune: %.1f%% of %.3g; parameters kept: "
              "%.1f%% of %lld\n",
              100.0 * prunedFlops / std::max(flops, 1.0), flops,
              100.0 * prunedParameters / std::max<int64_t>(parameters, 1),
              static_cast<long long>(parameters));
  return s;
}

} // namespace sslc
