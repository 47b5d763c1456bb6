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

def RemoveZeroFiltersPass : Pass<"ssl-remove-zero-filters", "::mlir::ModuleOp"> {
  let summary = "Delete conv filters and dense rows whose weights are all zero";
  let description = [{
    A zero filter (group `filter` of a conv weight, `row` of a dense one)
    outputs its bias: a constant channel, carried exactly through batch norm,
    ReLU, pooling and residual adds. The channel is deleted from its producer
    and from every tensor it flows through (BN parameters, both operands of
    an add, the C·H·W columns it becomes after flatten), and its constant
    value is folded into the bias of the layers that read it: exact for
    dense layers and unpadded convolutions; a padded k×k convolution sees
    the constant only inside the image, so there the channel is deleted
    only when its value is 0, and kept otherwise. Shared parameters,
    grouped convolutions and function results keep their channels; a
    zero filter kept that way is not computed either
    (`ssl-remove-zero-shapes` writes its bias as a constant). The
    result computes the same function with smaller tensors.
  }];
}

def RemoveZeroChannelsPass
    : Pass<"ssl-remove-zero-channels", "::mlir::ModuleOp"> {
  let summary = "Delete input channels that no consumer reads";
  let description = [{
    A zero channel group W[:, c] (conv) or column W[:, k] (dense) means the
    layer ignores input channel c. When every consumer of the channel
    ignores it (or can fold it as a constant, as in
    `ssl-remove-zero-filters`), it is deleted from the consumers' weights
    and its producer stops computing it: the producer's filter goes too.
    When some consumer still reads it, everything is kept.
  }];
}

def RemoveZeroShapesPass : Pass<"ssl-remove-zero-shapes", "::mlir::ModuleOp"> {
  let summary = "Compute only the live conv taps and filters and dense columns";
  let description = [{
    Runs after filter and channel removal, on what they had to keep. A conv
    (any `groups`, depthwise included) whose weight has, within a group,
    all-zero shape groups W[group's filters, c, kh, kw], or has zero
    filters left (its channel is a function result, or a reader needs it),
    becomes `ssl.shape_pruned_conv2d` over the live (c, kh, kw) taps of each
    group and only its live filters, with a compact [O', T] weight (T the
    taps of the largest group); a filter not computed outputs its bias, a
    zero bias being created when the conv has none. Codegen gathers just
    those taps and runs a product per group over them. Convs with every
    tap and filter live, and shared weights, are left alone.

    A dense layer whose weight has all-zero columns that channel removal
    could not delete (they read the network's input, or single pixels of a
    flattened feature map whose channel is live) gets the compact [M, K']
    weight of its live columns and reads its input through an `ssl.gather`
    of those K' features; an all-zero layer keeps one column and outputs
    its bias. A gather that only the layer read is narrowed, not stacked.
  }];
}

def FoldZeroDepthPass : Pass<"ssl-fold-zero-depth", "::mlir::ModuleOp"> {
  let summary = "Fold layers whose input is constant into compile-time tensors";
  let description = [{
    Depth-wise SSL zeroes whole layers of residual branches. A zero layer
    outputs its bias (after batch norm folding: the BN shift), so every
    channel downstream of it is a constant until the next convolution,
    whose output is then fixed too — but position-dependent where zero
    padding cuts the kernel at the border. This pass computes such a
    convolution's output at compile time, exactly, borders included, and
    replaces it with a constant tensor: the block becomes `relu(x + c)`
    (or the identity when c is 0), and the dead layers before it lose
    their last user and disappear. Run after `ssl-fold-batchnorm`.

    Without batch norm folding, a batch norm on the way to a residual add
    whose γ is all zero (a zeroed `depth_bn` group) outputs β whatever its
    input and becomes that constant, and an add of an all-zero constant
    becomes its other operand, so a branch whose group is zero leaves
    `relu(x)` (or `relu(P·x)` with a projection shortcut).
  }];
}

#endif // SSLC_PASSES_PRUNING_PRUNINGPASSES_TD
