//===- RemoveZeroChannels.cpp - ssl-remove-zero-channels ------------------===//
#include "passes/Passes.h"
#include "passes/Pruning/ChannelPruning.h"

#include "mlir/IR/BuiltinOps.h"

namespace sslc {
#define GEN_PASS_DEF_REMOVEZEROCHANNELSPASS
#include "passes/Passes.h.inc"

namespace {
struct RemoveZeroChannelsPass
    : impl::RemoveZeroChannelsPassBase<RemoveZeroChannelsPass> {
  void runOnOperation() override {
    ChannelPruningOptions options;
    options.onlyConstantChannels = false;
    getOperation().walk(
        [&](mlir::func::FuncOp fn) { (void)pruneChannels(fn, options); });
  }
};
} // namespace
} // namespace sslc
