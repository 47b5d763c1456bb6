//===- GroupNorms.cpp - L2 norms of the groups of SSL weights ------------===//
#include "passes/Analysis/GroupNorms.h"

#include "llvm/Support/ErrorHandling.h"

#include <cassert>
#include <cmath>
#include <optional>

namespace sslc {

using ssl::GroupKind;

namespace {

/// Every kind but depth sees its weight as [N, C, R]: OIHW with R = KH·KW,
/// or a dense [N, K] as N = rows, C = K columns, R = 1. The group of element
/// (n, c, r) then depends on the kind alone.
struct GroupLayout {
  int64_t n = 1, c = 1, r = 1;
};

GroupLayout getLayout(GroupKind kind, llvm::ArrayRef<int64_t> shape) {
  GroupLayout layout;
  if (kind == GroupKind::Depth || kind == GroupKind::DepthBN) {
    for (int64_t size : shape)
      layout.r *= size;
    return layout;
  }
  layout.n = shape[0];
  layout.c = shape[1];
  if (shape.size() == 4)
    layout.r = shape[2] * shape[3];
  return layout;
}

int64_t groupOf(GroupKind kind, const GroupLayout &layout, int64_t n, int64_t c,
                int64_t r) {
  switch (kind) {
  case GroupKind::Filter:
  case GroupKind::Row:
    return n;
  case GroupKind::Channel:
  case GroupKind::Column:
    return c;
  case GroupKind::Shape:
    return c * layout.r + r;
  case GroupKind::Kernel2D:
    return n * layout.c + c;
  case GroupKind::Depth:
  case GroupKind::DepthBN: // the weight's part of its one group
    return 0;
  }
  llvm_unreachable("unknown group kind");
}

} // namespace

int64_t GroupNorms::getNumZeroGroups() const {
  int64_t count = 0;
  for (bool zero : isZero)
    count += zero;
  return count;
}

bool isValidGroupShape(GroupKind kind, llvm::ArrayRef<int64_t> shape) {
  std::optional<int64_t> rank = ssl::getGroupKindRank(kind);
  if (rank && static_cast<int64_t>(shape.size()) != *rank)
    return false;
  for (int64_t size : shape)
    if (size < 0)
      return false;
  return true;
}

int64_t getNumGroups(GroupKind kind, llvm::ArrayRef<int64_t> shape) {
  assert(isValidGroupShape(kind, shape) && "shape does not fit the kind");
  GroupLayout layout = getLayout(kind, shape);
  switch (kind) {
  case GroupKind::Filter:
  case GroupKind::Row:
    return layout.n;
  case GroupKind::Channel:
  case GroupKind::Column:
    return layout.c;
  case GroupKind::Shape:
    return layout.c * layout.r;
  case GroupKind::Kernel2D:
    return layout.n * layout.c;
  case GroupKind::Depth:
  case GroupKind::DepthBN:
    return 1;
  }
  llvm_unreachable("unknown group kind");
}

int64_t getGroupIndex(GroupKind kind, llvm::ArrayRef<int64_t> shape,
                      int64_t flatIndex) {
  assert(isValidGroupShape(kind, shape) && "shape does not fit the kind");
  GroupLayout layout = getLayout(kind, shape);
  assert(flatIndex >= 0 && flatIndex < layout.n * layout.c * layout.r &&
         "index outside the weight");
  int64_t r = flatIndex % layout.r;
  int64_t c = (flatIndex / layout.r) % layout.c;
  int64_t n = flatIndex / (layout.r * layout.c);
  return groupOf(kind, layout, n, c, r);
}

llvm::FailureOr<GroupNorms> computeGroupNorms(GroupKind kind,
                                              llvm::ArrayRef<int64_t> shape,
                                              llvm::ArrayRef<float> values,
                                              float tolerance) {
  if (!isValidGroupShape(kind, shape))
    return llvm::failure();
  int64_t elements = 1;
  for (int64_t size : shape)
    elements *= size;
  if (static_cast<int64_t>(values.size()) != elements)
    return llvm::failure();

  GroupLayout layout = getLayout(kind, shape);
  int64_t numGroups = getNumGroups(kind, shape);
  std::vector<double> sumSquares(numGroups, 0.0);
  std::vector<bool> small(numGroups, true);
  // One pass in memory order; the group index is updated per (n, c) row.
  const float *w = values.data();
  for (int64_t n = 0; n < layout.n; ++n) {
    for (int64_t c = 0; c < layout.c; ++c) {
      for (int64_t r = 0; r < layout.r; ++r, ++w) {
        int64_t g = groupOf(kind, layout, n, c, r);
        double v = *w;
        sumSquares[g] += v * v;
        if (!(std::fabs(*w) <= tolerance))
          small[g] = false;
      }
    }
  }

  GroupNorms result;
  result.norms.reserve(numGroups);
  for (double s : sumSquares)
    result.norms.push_back(std::sqrt(s));
  result.isZero = std::move(small);
  return result;
}

} // namespace sslc
