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

/// A convolution's filters as an image grid, each filter's input channels
/// side by side, in gray levels (conv1_filters.svg).
std::string filterGridSvg(const LayerWeights &conv);

/// Per layer, the fraction of zero groups of each kind, as bars
/// (group_sparsity.svg).
std::string groupSparsitySvg(const std::vector<LayerWeights> &layers);

} // namespace sslc::api

#endif
