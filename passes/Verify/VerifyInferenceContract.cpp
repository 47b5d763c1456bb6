//===- VerifyInferenceContract.cpp - Inference IR contract check ---------===//
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Cleanup/TrainingOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinOps.h"

namespace sslc {
#define GEN_PASS_DEF_VERIFYINFERENCECONTRACTPASS
#include "passes/Passes.h.inc"
} // namespace sslc

using namespace mlir;

namespace sslc {
namespace {

LogicalResult checkStaticF32(Operation *op, Type type, StringRef what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape() || !tensor.getElementType().isF32())
    return op->emitOpError() << "expects " << what
                             << " to be a static f32 tensor, found " << type;
  return success();
}

struct VerifyInferenceContractPass
    : impl::VerifyInferenceContractPassBase<VerifyInferenceContractPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto fn = module.lookupSymbol<func::FuncOp>(entry);
    if (!fn) {
      module.emitError() << "expects an entry function @" << entry;
      return signalPassFailure();
    }
    bool ok = true;
    for (auto [i, type] : llvm::enumerate(fn.getArgumentTypes()))
      ok &= succeeded(
          checkStaticF32(fn, type, "argument #" + std::to_string(i)));
    fn.walk([&](Operation *op) {
      if (op == fn.getOperation())
        return;
      if (auto load = dyn_cast<ml_program::GlobalLoadConstOp>(op)) {
        ok &= succeeded(checkGlobal(op, load.getGlobal()));
        return;
      }
      if (auto load = dyn_cast<ml_program::GlobalLoadOp>(op)) {
        ok &= succeeded(checkGlobal(op, load.getGlobal()));
        return;
      }
      if (isTrainingOp(op) || isa<ssl::DropoutOp>(op)) {
        op->emitOpError() << "is a training op; run ssl-strip-training-ops "
                             "before inference lowering";
        ok = false;
        return;
      }
      if (!isa<func::ReturnOp>(op) &&
          !isa<ssl::SSLDialect>(op->getDialect())) {
        op->emitOpError() << "is not allowed in Inference IR (expected an "
                             "ssl network op, a parameter load or return)";
        ok = false;
        return;
      }
      for (Type t : op->getResultTypes())
        ok &= succeeded(checkStaticF32(op, t, "every result"));
    });
    if (!ok)
      signalPassFailure();
  }

  LogicalResult checkGlobal(Operation *load, SymbolRefAttr sym) {
    auto global = SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(
        load, sym);
    if (!global)
      return load->emitOpError() << "refers to unknown parameter " << sym;
    if (!global.getValue() || !isa<ElementsAttr>(*global.getValue()))
      return load->emitOpError()
             << "expects parameter " << sym << " to have an initial value";
    return checkStaticF32(load, global.getType(), "parameter " +
                                                       sym.getLeafReference()
                                                           .str());
  }
};

} // namespace
} // namespace sslc
