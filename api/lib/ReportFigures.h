//===- ReportFigures.h - the learned structure as SVG figures ---*- C++ -*-===//
#ifndef SSLC_API_LIB_REPORTFIGURES_H
#define SSLC_API_LIB_REPORTFIGURES_H

#include "compiler/Dialect/SSL/IR/SSLAttrs.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sslc::api {

/// A convolution or dense layer's weight, as the report reads it.
struct LayerWeights {
  std::string name;
  bool conv;
  std::vector<int64_t> shape;
  std::vector<float> values;
};

/// Groups of `kind` with a nonzero element, and all groups ({0, 0} when the
/// kind does not fit the weight).
std::pair<int64_t, int64_t> liveGroups(ssl::GroupKind kind,
                                       const LayerWeights &w);

/// `shape` as its dimensions joined by `sep` ("20x1x5x5", or with "×" in a
/// figure).
std::string shapeText(const std::vector<int64_t> &shape, const char *sep);

/// A convolution's filters as a grid of gray-level tiles (conv1_filters.svg),
/// each filter's input channels side by side. Every filter is scaled to its
/// own max |w| (a small but live filter keeps full contrast; its max |w| is
/// written under it) and an all-zero filter is drawn flat and crossed out.
/// Tile o is the group <g id="filter-o">, with class="dead" when all zero.
std::string filterGridSvg(const LayerWeights &conv);

/// Per layer, the live and total filters (rows), channels (columns) and
/// filter-shape columns as bars on a 0-100 % axis, each labelled
/// "live/total" (live_structure.svg).
std::string liveStructureSvg(const std::vector<LayerWeights> &layers);

} // namespace sslc::api

#endif
