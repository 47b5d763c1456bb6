//===- RemoveZeroFilters.cpp - ssl-remove-zero-filters --------------------===//
#include "passes/Passes.h"
#include "passes/Pruning/ChannelPruning.h"

#include "mlir/IR/BuiltinOps.h"

namespace sslc {
#define GEN_PASS_DEF_REMOVEZEROFILTERSPASS
#include "passes/Passes.h.inc"

namespace {
struct RemoveZeroFiltersPass
    : impl::RemoveZeroFiltersPassBase<RemoveZeroFiltersPass> {
  void runOnOperation() override {
    ChannelPruningOptions options;
    options.onlyConstantChannels = true;
    getOperation().walk(
        [&](mlir::func::FuncOp fn) { (void)pruneChannels(fn, options); });
  }
};
} // namespace
} // namespace sslc
