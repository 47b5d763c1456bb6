//===- CleanupPasses.td - passes that end training -----------*- tablegen -*-===//
#ifndef SSLC_PASSES_CLEANUP_CLEANUPPASSES_TD
#define SSLC_PASSES_CLEANUP_CLEANUPPASSES_TD

include "mlir/Pass/PassBase.td"

def StripTrainingOpsPass
    : Pass<"ssl-strip-training-ops", "::mlir::ModuleOp"> {
  let summary = "Reduce a trained module to its inference function";
  let description = [{
    Drops every function but the entry (the derived `train_step` and any
    helpers), turns `ssl.dropout` into the identity (inference semantics)
    and `ssl.batch_norm_train` into `ssl.batch_norm` over its running
    statistics, and erases training ops (losses, regularizers, optimizer
    steps, backward ops) that nothing uses. A training op whose result is
    still used in the entry function is an error at that op: the module
    does not describe an inference network.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The inference function to keep">
  ];
}

#endif // SSLC_PASSES_CLEANUP_CLEANUPPASSES_TD
