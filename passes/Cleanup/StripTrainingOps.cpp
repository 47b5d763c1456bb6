//===- StripTrainingOps.cpp - ssl-strip-training-ops ----------------------===//
#include "passes/Cleanup/TrainingOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace sslc {
#define GEN_PASS_DEF_STRIPTRAININGOPSPASS
#include "passes/Passes.h.inc"

using namespace mlir;

namespace {

struct StripTrainingOpsPass
    : impl::StripTrainingOpsPassBase<StripTrainingOpsPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto fn = module.lookupSymbol<func::FuncOp>(entry);
    if (!fn) {
      module.emitError() << "expects an entry function @" << entry;
      return signalPassFailure();
    }
    for (auto other : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (other != fn)
        other.erase();

    bool ok = true;
    SmallVector<Operation *> ops;
    fn.walk([&](Operation *op) { ops.push_back(op); });
    for (Operation *op : llvm::reverse(ops)) {
      if (auto drop = dyn_cast<ssl::DropoutOp>(op)) {
        drop.getOutput().replaceAllUsesWith(drop.getInput());
        drop.erase();
        continue;
      }
      if (auto bn = dyn_cast<ssl::BatchNormTrainOp>(op)) {
        bool statsUsed = llvm::any_of(bn->getResults().drop_front(),
                                      [](Value v) { return !v.use_empty(); });
        if (statsUsed) {
          op->emitOpError() << "has its batch statistics used; expected only "
                               "the normalized output in an inference network";
          ok = false;
          continue;
        }
        OpBuilder b(bn);
        auto inference = ssl::BatchNormOp::create(
            b, bn.getLoc(), bn.getInput(), bn.getGamma(), bn.getBeta(),
            bn.getRunningMean(), bn.getRunningVariance(), bn.getEpsilonAttr());
        bn.getOutput().replaceAllUsesWith(inference.getOutput());
        bn.erase();
        continue;
      }
      if (!isTrainingOp(op))
        continue;
      if (llvm::any_of(op->getResults(),
                       [](Value v) { return !v.use_empty(); })) {
        op->emitOpError() << "is a training op whose result is used by the "
                             "inference function";
        ok = false;
        continue;
      }
      op->erase();
    }
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
} // namespace sslc
