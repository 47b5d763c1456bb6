//===- PruningPasses.td - structure removal passes -----------*- tablegen -*-===//
#ifndef SSLC_PASSES_PRUNING_PRUNINGPASSES_TD
#define SSLC_PASSES_PRUNING_PRUNINGPASSES_TD

include "mlir/Pass/PassBase.td"

def FoldBatchNormPass : Pass<"ssl-fold-batchnorm", "::mlir::ModuleOp"> {
  let summary = "Fold inference batch norm into the preceding conv or dense";
  let description = [{
    `batch_norm(conv(x, W, b))` with constant statistics is the convolution
    with W'[o] = W[o] · s[o] and b'[o] = (b[o] - mean[o]) · s[o] + beta[o],
    s[o] = gamma[o] / sqrt(var[o] + eps); likewise for dense layers. The fold
    runs only when the batch norm is the producer's only user, so no other
    consumer sees changed values. Folding first lets structure removal see a
    zeroed filter together with the shift that keeps its output non-zero.
  }];
}

#endif // SSLC_PASSES_PRUNING_PRUNINGPASSES_TD
