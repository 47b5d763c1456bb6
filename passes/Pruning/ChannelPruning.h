//===- ChannelPruning.h - removal of dead channels --------------*- C++ -*-===//
//
// The engine behind ssl-remove-zero-filters and ssl-remove-zero-channels.
//
// A channel (axis 1 of an NCHW or [N, F] activation) can be deleted when
// every op that touches it agrees:
//  - its producer can stop computing it: a conv or dense layer drops the
//    filter; per-channel ops (relu and the other activations, batch norm,
//    pooling, zero padding, dropout) drop it from their input too; an add
//    or a product (a squeeze-and-excitation gate, SiLU, a per-channel
//    scale) drops it from both operands; concat, slice and channel shuffle
//    map it to the channel it comes from;
//  - each consumer can do without it: a conv or dense layer whose weights
//    for it are all zero ignores it; a layer fed a channel whose value is a
//    known constant k folds k · Σ weights into its bias (exact unless
//    zero padding makes the sum position-dependent, so padded convs take
//    only k = 0); per-channel consumers need it deleted from their result;
//  - grouped convolutions (depthwise included) lose whole groups only: a
//    group goes when all its input and output channels go, so the grouping
//    stays valid; a channel shuffle loses whole columns of its
//    [groups, C / groups] matrix for the same reason.
// Facts (which channels are constant, and their value) are computed
// forward; the removable sets are then shrunk to a fixed point under the
// rules above, keeping at least one channel per tensor, and applied.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_PRUNING_CHANNELPRUNING_H
#define SSLC_PASSES_PRUNING_CHANNELPRUNING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace sslc {

struct ChannelPruningOptions {
  /// Only channels whose value is a known constant (a zero filter, through
  /// bias, batch norm and activations) are candidates; otherwise also
  /// channels that no consumer reads.
  bool onlyConstantChannels = true;
};

struct ChannelPruningStats {
  int64_t channelsRemoved = 0;
  int64_t constantsFolded = 0;
};

/// Ops that map channel c of their input to channel c of their result and
/// read no parameter (relu and the other activations, pooling, zero
/// padding, dropout): removing a channel removes it on both sides.
bool isPerChannel(mlir::Operation *op);

/// Per activation (NCHW or [N, F] value) of `fn`, the channels whose value
/// is a known constant (std::nullopt where it is not).
using ChannelConstants =
    llvm::DenseMap<mlir::Value, std::vector<std::optional<float>>>;
ChannelConstants computeChannelConstants(mlir::func::FuncOp fn);

/// A zero filter (an all-zero output row of a conv or dense weight) that
/// pruneChannels would keep, and the rule that keeps it.
struct KeptFilter {
  std::string layer;
  int64_t filter;
  std::string reason;
};
/// The analysis of pruneChannels without the rewrite: every zero filter it
/// would keep, in program order.
std::vector<KeptFilter> explainKeptFilters(mlir::func::FuncOp fn,
                                           const ChannelPruningOptions &options);

/// Rewrites `fn` in place; returns what it removed.
ChannelPruningStats pruneChannels(mlir::func::FuncOp fn,
                                  const ChannelPruningOptions &options);

} // namespace sslc

#endif
