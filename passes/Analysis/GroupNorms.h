//===- GroupNorms.h - L2 norms of the groups of SSL weights -----*- C++ -*-===//
//
// Per-group L2 norms and zero groups of a weight held as a row-major float
// buffer, for every group kind of the ssl dialect. The pruning passes use
// them to find removable filters, channels and taps, and tools use them to
// report structured sparsity; the group numbering is the one documented on
// #ssl<group_kind> (and used by ssl.group_lasso).
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_ANALYSIS_GROUPNORMS_H
#define SSLC_PASSES_ANALYSIS_GROUPNORMS_H

#include "compiler/Dialect/SSL/IR/SSLAttrs.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/LogicalResult.h"

#include <cstdint>
#include <vector>

namespace sslc {

/// The norms and zero flags of every group of one weight, in group order.
struct GroupNorms {
  /// ‖w_g‖₂, accumulated in double.
  std::vector<double> norms;
  /// Whether every element of the group has |w| <= tolerance.
  std::vector<bool> isZero;

  int64_t getNumGroups() const { return static_cast<int64_t>(norms.size()); }
  int64_t getNumZeroGroups() const;
};

/// Whether `kind` applies to a weight of `shape`: rank 4 (OIHW) for filter,
/// channel, shape and kernel2d, rank 2 ([N, K]) for row and column, any rank
/// for depth.
bool isValidGroupShape(ssl::GroupKind kind, llvm::ArrayRef<int64_t> shape);

/// The number of groups `kind` splits a weight of `shape` into:
/// N, C, C·KH·KW, N·C, 1, N, K for filter, channel, shape, kernel2d, depth,
/// row, column. `shape` must be valid for `kind`.
int64_t getNumGroups(ssl::GroupKind kind, llvm::ArrayRef<int64_t> shape);

/// The group of the element at row-major position `flatIndex`.
int64_t getGroupIndex(ssl::GroupKind kind, llvm::ArrayRef<int64_t> shape,
                      int64_t flatIndex);

/// Norms and zero flags of the groups of `kind` in `values`, a row-major
/// weight of `shape`. A group is zero when every element has
/// |w| <= `tolerance` (so with the default 0 only exact zeros count, and a
/// NaN never does). Fails when the shape is not valid for the kind or
/// `values` does not hold one float per element.
llvm::FailureOr<GroupNorms> computeGroupNorms(ssl::GroupKind kind,
                                              llvm::ArrayRef<int64_t> shape,
                                              llvm::ArrayRef<float> values,
                                              float tolerance = 0.0f);

} // namespace sslc

#endif
