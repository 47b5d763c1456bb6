//===- Report.cpp - the learned structure of a model ----------------------===//
#include "compiler/tools/sslc/Report.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Pipelines/Pipelines.h"
#include "passes/Analysis/Cost.h"
#include "passes/Analysis/GroupNorms.h"
#include "passes/Passes.h"
#include "passes/Pruning/ChannelPruning.h"
#include "passes/Pruning/ParameterUtils.h"
#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

using namespace mlir;

namespace sslc {
namespace {

struct LayerWeights {
  std::string name;
  bool conv;
  std::vector<int64_t> shape;
  std::vector<float> values;
};

std::vector<LayerWeights> layersOf(ModuleOp m) {
  std::vector<LayerWeights> layers;
  m.walk([&](Operation *op) {
    Value w;
    bool conv = false;
    if (auto c = dyn_cast<ssl::Conv2dOp>(op)) {
      w = c.getWeight();
      conv = true;
    } else if (auto d = dyn_cast<ssl::DenseOp>(op)) {
      w = d.getWeight();
    } else {
      return;
    }
    FailureOr<Parameter> p = readParameter(w);
    if (failed(p))
      return;
    layers.push_back({layerNameOf(*p), conv, p->shape, std::move(p->values)});
  });
  return layers;
}

int64_t alive(ssl::GroupKind kind, const LayerWeights &l) {
  FailureOr<GroupNorms> norms = computeGroupNorms(kind, l.shape, l.values);
  if (failed(norms))
    return 0;
  return norms->getNumGroups() - norms->getNumZeroGroups();
}

int64_t groups(ssl::GroupKind kind, const LayerWeights &l) {
  return getNumGroups(kind, l.shape);
}

std::string fraction(int64_t a, int64_t b) {
  return std::to_string(a) + "/" + std::to_string(b);
}

/// conv1's filters as an image grid, each filter's first input channel
/// (all channels side by side for RGB-sized inputs) in gray levels.
std::string filterGrid(const LayerWeights &l) {
  const int64_t O = l.shape[0], C = l.shape[1], KH = l.shape[2],
                KW = l.shape[3];
  const int cell = 8, gap = 4;
  const int64_t cols = std::min<int64_t>(O, 16);
  const int64_t rows = (O + cols - 1) / cols;
  const int64_t tileW = C * KW * cell + gap, tileH = KH * cell + gap;
  float maxAbs = 1e-12f;
  for (float v : l.values)
    maxAbs = std::max(maxAbs, std::fabs(v));
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << cols * tileW
      << "\" height=\"" << rows * tileH << "\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  for (int64_t o = 0; o < O; ++o) {
    int64_t ox = (o % cols) * tileW, oy = (o / cols) * tileH;
    for (int64_t c = 0; c < C; ++c)
      for (int64_t y = 0; y < KH; ++y)
        for (int64_t x = 0; x < KW; ++x) {
          float v = l.values[((o * C + c) * KH + y) * KW + x];
          int g = static_cast<int>(std::lround(127.5 + 127.5 * v / maxAbs));
          svg << "<rect x=\"" << ox + (c * KW + x) * cell << "\" y=\""
              << oy + y * cell << "\" width=\"" << cell << "\" height=\""
              << cell << "\" fill=\"rgb(" << g << "," << g << "," << g
              << ")\"/>\n";
        }
  }
  svg << "</svg>\n";
  return svg.str();
}

/// Per layer, the fraction of zero groups of each kind, as bars.
std::string sparsityChart(const std::vector<LayerWeights> &layers) {
  struct Bar {
    const char *label;
    ssl::GroupKind conv, dense;
    const char *color;
  };
  const Bar bars[] = {
      {"filter / row", ssl::GroupKind::Filter, ssl::GroupKind::Row, "#4c72b0"},
      {"channel / column", ssl::GroupKind::Channel, ssl::GroupKind::Column,
       "#dd8452"},
      {"shape (conv)", ssl::GroupKind::Shape, ssl::GroupKind::Row, "#55a868"},
  };
  const int barW = 18, groupW = 3 * barW + 24, height = 220, top = 30,
            left = 40;
  const int width = left + groupW * static_cast<int>(layers.size()) + 160;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width
      << "\" height=\"" << height + top + 60 << "\" font-family=\"sans-serif\""
      << " font-size=\"11\">\n<rect width=\"100%\" height=\"100%\" "
         "fill=\"#ffffff\"/>\n"
      << "<text x=\"" << left << "\" y=\"18\">zero groups per layer (%)</text>\n"
      << "<line x1=\"" << left << "\" y1=\"" << top + height << "\" x2=\""
      << width - 160 << "\" y2=\"" << top + height
      << "\" stroke=\"#000\"/>\n";
  for (size_t i = 0; i < layers.size(); ++i) {
    const LayerWeights &l = layers[i];
    int gx = left + static_cast<int>(i) * groupW + 12;
    for (int b = 0; b < 3; ++b) {
      if (!l.conv && b == 2)
        continue;
      ssl::GroupKind kind = l.conv ? bars[b].conv : bars[b].dense;
      int64_t total = groups(kind, l);
      double zero = total ? 1.0 - double(alive(kind, l)) / total : 0.0;
      int h = static_cast<int>(std::lround(zero * height));
      svg << "<rect x=\"" << gx + b * barW << "\" y=\"" << top + height - h
          << "\" width=\"" << barW - 2 << "\" height=\"" << h << "\" fill=\""
          << bars[b].color << "\"><title>" << l.name << " " << bars[b].label
          << ": " << std::lround(1000 * zero) / 10.0 << "%</title></rect>\n";
    }
    svg << "<text x=\"" << gx << "\" y=\"" << top + height + 16 << "\">"
        << l.name << "</text>\n";
  }
  for (int b = 0; b < 3; ++b)
    svg << "<rect x=\"" << width - 150 << "\" y=\"" << top + 16 * b
        << "\" width=\"10\" height=\"10\" fill=\"" << bars[b].color
        << "\"/><text x=\"" << width - 135 << "\" y=\"" << top + 16 * b + 9
        << "\">" << bars[b].label << "</text>\n";
  svg << "</svg>\n";
  return svg.str();
}

/// The weight shape of every layer in `m`, by layer name.
std::map<std::string, std::vector<int64_t>> layerShapes(ModuleOp m) {
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const LayerWeights &l : layersOf(m))
    shapes[l.name] = l.shape;
  m.walk([&](ssl::ShapePrunedConv2dOp conv) {
    if (FailureOr<Parameter> p = readParameter(conv.getWeight());
        succeeded(p))
      shapes[layerNameOf(*p)] = p->shape;
  });
  return shapes;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

/// The zero filters structure removal keeps, and why: the channel passes'
/// analysis on the network as the last of them sees it.
std::vector<KeptFilter> keptZeroFilters(ModuleOp model, std::string &error) {
  OwningOpRef<ModuleOp> m = model.clone();
  PassManager pm(model.getContext());
  pm.addPass(createFoldBatchNormPass());
  pm.addPass(createFoldZeroDepthPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createRemoveZeroFiltersPass());
  if (failed(pm.run(*m))) {
    error = "pruning the model failed";
    return {};
  }
  ChannelPruningOptions options;
  options.onlyConstantChannels = false;
  std::vector<KeptFilter> kept;
  m->walk([&](func::FuncOp fn) {
    for (KeptFilter &k : explainKeptFilters(fn, options))
      kept.push_back(std::move(k));
  });
  return kept;
}

} // namespace

bool writeReport(ModuleOp model, llvm::raw_ostream &os,
                 const std::string &figureDir, std::string &error) {
  std::vector<LayerWeights> layers = layersOf(model);
  OwningOpRef<ModuleOp> pruned = model.clone();
  PassManager pm(model.getContext());
  buildPruningPipeline(pm, PruningPipelineOptions());
  if (failed(pm.run(*pruned))) {
    error = "pruning the model failed";
    return false;
  }
  double flopsBefore = countFlops(model), flopsAfter = countFlops(*pruned);
  int64_t paramsBefore = countParameters(model),
          paramsAfter = countParameters(*pruned);

  std::map<std::string, std::vector<int64_t>> after = layerShapes(*pruned);
  std::vector<KeptFilter> kept = keptZeroFilters(model, error);
  if (!error.empty())
    return false;

  os << llvm::format("%-14s %-7s %-12s %-12s %-14s %-12s %-12s %s\n",
                     "layer", "kind", "filters/rows", "channels/cols",
                     "shape columns", "sparsity", "whole layer",
                     "after --prune");
  for (const LayerWeights &l : layers) {
    ssl::GroupKind out = l.conv ? ssl::GroupKind::Filter : ssl::GroupKind::Row;
    ssl::GroupKind in =
        l.conv ? ssl::GroupKind::Channel : ssl::GroupKind::Column;
    int64_t nonzero = 0;
    for (float v : l.values)
      nonzero += v != 0.0f;
    std::string shapes =
        l.conv ? fraction(alive(ssl::GroupKind::Shape, l),
                          groups(ssl::GroupKind::Shape, l))
               : "-";
    bool removed = nonzero == 0;
    auto it = after.find(l.name);
    // A layer gone from the pruned network was folded into a constant or
    // deleted with everything it fed.
    std::string prunedShape =
        it == after.end() ? "folded" : shapeText(it->second);
    os << llvm::format("%-14s %-7s %-12s %-12s %-14s %11.1f%% %-12s %s\n",
                       l.name.c_str(), l.conv ? "conv" : "dense",
                       fraction(alive(out, l), groups(out, l)).c_str(),
                       fraction(alive(in, l), groups(in, l)).c_str(),
                       shapes.c_str(),
                       100.0 * (1.0 - double(nonzero) / l.values.size()),
                       removed ? "removed" : "-", prunedShape.c_str());
  }
  // Zero filters that stay, counted per layer and reason.
  std::vector<std::pair<std::pair<std::string, std::string>, int>> reasons;
  for (const KeptFilter &k : kept) {
    auto key = std::make_pair(k.layer, k.reason);
    auto same = std::find_if(reasons.begin(), reasons.end(),
                             [&](const auto &r) { return r.first == key; });
    if (same == reasons.end())
      reasons.push_back({key, 1});
    else
      ++same->second;
  }
  if (!reasons.empty())
    os << "zero filters whose channel ssl-prune keeps (a constant, not "
          "computed):\n";
  for (const auto &[key, count] : reasons)
    os << "  " << key.first << ": " << count << " (" << key.second << ")\n";
  os << llvm::format("FLOPs after ssl-prune: %.1f%% of %.3g; parameters kept: "
                     "%.1f%% of %lld\n",
                     100.0 * flopsAfter / std::max(flopsBefore, 1.0),
                     flopsBefore,
                     100.0 * paramsAfter / std::max<int64_t>(paramsBefore, 1),
                     static_cast<long long>(paramsBefore));
  if (figureDir.empty())
    return true;
  if (std::error_code ec = llvm::sys::fs::create_directories(figureDir)) {
    error = "cannot create '" + figureDir + "': " + ec.message();
    return false;
  }
  auto first = std::find_if(layers.begin(), layers.end(),
                            [](const LayerWeights &l) { return l.conv; });
  if (first != layers.end() &&
      !writeFileAtomically(figureDir + "/conv1_filters.svg",
                           filterGrid(*first), error))
    return false;
  if (!writeFileAtomically(figureDir + "/group_sparsity.svg",
                           sparsityChart(layers), error))
    return false;
  os << "figures: " << figureDir << "/conv1_filters.svg, " << figureDir
     << "/group_sparsity.svg\n";
  return true;
}

} // namespace sslc
