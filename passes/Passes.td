//===- Passes.td - every sslc pass ---------------------------*- tablegen -*-===//
#ifndef SSLC_PASSES_TD
#define SSLC_PASSES_TD

include "mlir/Pass/PassBase.td"

def VerifyInferenceContractPass
    : Pass<"ssl-verify-inference-contract", "::mlir::ModuleOp"> {
  let summary = "Check that a module satisfies the Inference IR contract";
  let description = [{
    Read-only check run before Halide lowering, so that codegen can assume
    what it needs instead of re-checking it op by op: every tensor has a
    static shape and f32 elements; the entry function's body holds only
    `ssl` network ops (no training ops, no dropout), parameter loads and
    `func.return`; every loaded parameter has a dense initial value. Violations are reported at the
    offending op and fail the pass; the IR is never changed.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "Name of the function that lowers to the Halide pipeline">
  ];
}

include "passes/Pruning/PruningPasses.td"
include "passes/Cleanup/CleanupPasses.td"
include "passes/Training/TrainingPasses.td"

#endif // SSLC_PASSES_TD
