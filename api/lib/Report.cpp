//===- Report.cpp - the learned structure of a Model ----------------------===//
//
// The numbers of `sslc report`'s table as data: live groups per layer from
// the group-norm analysis, the layer shapes, FLOPs and parameters left after
// the pruning pipeline, and the zero filters it keeps with the rule that
// keeps them.
//
//===----------------------------------------------------------------------===//
#include "api/lib/ReportFigures.h"
#include "api/lib/Session.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Pipelines/Pipelines.h"
#include "passes/Analysis/Cost.h"
#include "passes/Analysis/GroupNorms.h"
#include "passes/Passes.h"
#include "passes/Pruning/ChannelPruning.h"
#include "passes/Pruning/ParameterUtils.h"
#include "runtime/FileUtil.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <map>

namespace sslc {
namespace {

using api::LayerWeights;
using api::liveGroups;

/// Convolution and dense weights in network order; with `shapePruned`, also
/// the [O, live taps] weights of shape-pruned convolutions.
std::vector<LayerWeights> weightsOf(mlir::ModuleOp m, bool shapePruned) {
  std::vector<LayerWeights> weights;
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

/// The zero filters structure removal keeps, counted per layer and rule:
/// the channel passes' analysis on the network as the last of them sees it.
std::vector<KeptZeroFilters> keptZeroFilters(mlir::ModuleOp model,
                                             const api::Session::Call &call,
                                             const std::string &source) {
  mlir::OwningOpRef<mlir::ModuleOp> m = model.clone();
  mlir::PassManager pm(model.getContext());
  pm.addPass(createFoldBatchNormPass());
  pm.addPass(createFoldZeroDepthPass());
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(createRemoveZeroFiltersPass());
  if (mlir::failed(pm.run(*m)))
    call.fail(ErrorKind::Pipeline, source + ": pruning failed");
  ChannelPruningOptions options;
  options.onlyConstantChannels = false;
  std::vector<KeptZeroFilters> kept;
  m->walk([&](mlir::func::FuncOp fn) {
    for (const KeptFilter &k : explainKeptFilters(fn, options)) {
      auto same = std::find_if(kept.begin(), kept.end(), [&](const auto &e) {
        return e.layer == k.layer && e.reason == k.reason;
      });
      if (same == kept.end())
        kept.push_back({k.layer, k.reason, 1});
      else
        ++same->count;
    }
  });
  return kept;
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
  for (const LayerWeights &w : weightsOf(*pruned, /*shapePruned=*/true))
    after[w.name] = w.shape;

  for (const LayerWeights &w : weightsOf(model, /*shapePruned=*/false)) {
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
  report.keptZeroFilters = keptZeroFilters(model, call, impl->source);
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
        l.prunedShape.empty() ? "folded"
                              : api::shapeText(l.prunedShape, "x");
    s += format("%-14s %-7s %-12s %-12s %-14s %11.1f%% %-12s %s\n",
                l.name.c_str(), l.kind.c_str(),
                fraction(l.liveFilters, l.filters).c_str(),
                fraction(l.liveChannels, l.channels).c_str(), shapes.c_str(),
                100.0 * l.sparsity, l.removed ? "removed" : "-",
                prunedShape.c_str());
  }
  if (!keptZeroFilters.empty())
    s += "zero filters whose channel ssl-prune keeps (a constant, not "
         "computed):\n";
  for (const KeptZeroFilters &k : keptZeroFilters)
    s += "  " + k.layer + ": " + std::to_string(k.count) + " (" + k.reason +
         ")\n";
  s += format("FLOPs after ssl-prune: %.1f%% of %.3g; parameters kept: "
              "%.1f%% of %lld\n",
              100.0 * prunedFlops / std::max(flops, 1.0), flops,
              100.0 * prunedParameters / std::max<int64_t>(parameters, 1),
              static_cast<long long>(parameters));
  return s;
}

std::vector<std::string>
Model::writeReportFigures(const std::string &dir) const {
  api::Session::Call call(*impl->session);
  std::vector<LayerWeights> layers =
      weightsOf(*impl->module, /*shapePruned=*/false);
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    throw Error(ErrorKind::Export,
                "cannot create '" + dir + "': " + ec.message());
  std::vector<std::pair<std::string, std::string>> figures;
  auto first = std::find_if(layers.begin(), layers.end(),
                            [](const LayerWeights &l) { return l.conv; });
  if (first != layers.end())
    figures.push_back({dir + "/conv1_filters.svg", api::filterGridSvg(*first)});
  figures.push_back(
      {dir + "/live_structure.svg", api::liveStructureSvg(layers)});
  std::vector<std::string> written;
  for (const auto &[path, svg] : figures) {
    std::string error;
    if (!writeFileAtomically(path, svg, error))
      throw Error(ErrorKind::Export, error);
    written.push_back(path);
  }
  return written;
}

} // namespace sslc
