//===- SSLTrainingOps.td - ssl loss, regularizer, optimizer --*- tablegen -*-===//
//
// The ops of an SSL train_step besides the network and its gradients: the
// loss, the group-Lasso term and its subgradient, the SGD update, the
// steps that make zero groups exact and the dropout step counter. The strip
// pass removes them all.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_TRAINING_OPS_TD
#define SSL_TRAINING_OPS_TD

include "compiler/Dialect/SSL/IR/SSLAttrs.td"
include "compiler/Dialect/SSL/IR/SSLBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def SSL_SoftmaxCrossEntropyOp : SSL_Op<"softmax_cross_entropy",
    [Pure, SSL_InferResultTypes]> {
  let summary = "mean softmax cross-entropy loss";
  let description = [{
    loss = -(1/N) Σ_n Σ_k target[n, k] · log softmax(logits)[n, k] for
    `logits` [N, K], where `labels` is either an i64 tensor [N] of class
    indices in [0, K) (target is the one-hot row) or an f32 tensor [N, K] of
    target distributions (one-hot or soft). Caffe's `SoftmaxWithLoss`; the
    result is a rank-0 tensor.

    ```mlir
    %loss = ssl.softmax_cross_entropy %logits, %labels
        : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$logits,
                       AnyTypeOf<[SSL_I64Tensor, SSL_F32Tensor]>:$labels);
  let results = (outs SSL_F32Scalar:$loss);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` functional-type(operands, results)
  }];
}

def SSL_GroupLassoOp : SSL_Op<"group_lasso", [Pure, SSL_InferResultTypes]> {
  let summary = "group-Lasso regularizer: lambda · Σ_g ‖w_g‖₂";
  let description = [{
    The structured sparsity term R_g(W) of Wen et al. (2016), eq. (1), for
    one weight: the sum over the groups of `kind` (see `#ssl<group_kind>`) of
    their L2 norms, scaled by `lambda`. Filter, channel, shape and kernel2d
    groups need a rank-4 convolution weight, row and column groups a rank-2
    dense weight; depth takes any weight. A weight may carry several terms
    (e.g. filter and channel). Every kind takes one weight except
    `depth_bn`, whose one group spans a convolution weight [N, C, KH, KW]
    and the γ [N] and β [N] of the batch norm after it, in that order.

    ```mlir
    %r = ssl.group_lasso filter %w {lambda = 1.0e-04 : f32}
        : tensor<20x1x5x5xf32> -> tensor<f32>
    %d = ssl.group_lasso depth_bn %w, %gamma, %beta {lambda = 1.0e-03 : f32}
        : tensor<16x16x3x3xf32>, tensor<16xf32>, tensor<16xf32> -> tensor<f32>
    ```
  }];
  let arguments = (ins SSL_GroupKindAttr:$kind,
                       Variadic<SSL_F32Tensor>:$weights, F32Attr:$lambda);
  let results = (outs SSL_F32Scalar:$result);
  let assemblyFormat = [{
    custom<GroupKind>($kind) $weights attr-dict `:` type($weights) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// The weight the groups partition (the convolution weight of depth_bn).
    ::mlir::Value getWeight() { return getWeights().front(); }
  }];
}

def SSL_GroupLassoGradOp : SSL_Op<"group_lasso_grad",
    [Pure, SSL_InferResultTypes]> {
  let summary = "subgradient of ssl.group_lasso";
  let description = [{
    lambda · w / ‖w_g‖₂ for every element w of group g, and 0 for the
    elements of a group whose norm is 0 (the subgradient of ‖·‖₂ at 0 that
    lets a zero group stay zero). One result per weight, of its type; same
    `kind`, operand and `lambda` rules as `ssl.group_lasso`.

    ```mlir
    %g = ssl.group_lasso_grad channel %w {lambda = 1.0e-04 : f32}
        : tensor<50x20x5x5xf32>
    ```
  }];
  let arguments = (ins SSL_GroupKindAttr:$kind,
                       Variadic<SSL_F32Tensor>:$weights, F32Attr:$lambda);
  let results = (outs Variadic<SSL_F32Tensor>:$grads);
  let assemblyFormat = [{
    custom<GroupKind>($kind) $weights attr-dict `:` type($weights)
  }];
  let extraClassDeclaration = [{
    ::mlir::Value getWeight() { return getWeights().front(); }
    ::mlir::Value getGrad() { return getGrads().front(); }
  }];
}

def SSL_GroupShrinkOp : SSL_Op<"group_shrink", [Pure, SSL_InferResultTypes]> {
  let summary = "proximal step of the group Lasso: w_g · max(0, 1 - lr·λ/‖w_g‖₂)";
  let description = [{
    The proximal operator of lr · `lambda` · Σ_g ‖w_g‖₂ (block soft
    thresholding): every group of `kind` is scaled by
    max(0, 1 - lr · lambda / ‖w_g‖₂), so a group whose norm is at most
    lr · lambda becomes exactly 0 and every other group loses exactly
    lr · lambda of its norm without changing direction; a zero group stays
    0. Applied after the SGD update of the loss without the group term, it
    is the proximal gradient step that lands groups on zero where the
    subgradient leaves them oscillating about lr · lambda around it. `lr` is
    the step's learning rate; operands and `kind` follow `ssl.group_lasso`,
    one result per weight.

    ```mlir
    %w2 = ssl.group_shrink filter %lr, %w {lambda = 1.0e-03 : f32}
        : tensor<f32>, tensor<20x1x5x5xf32>
    ```
  }];
  let arguments = (ins SSL_GroupKindAttr:$kind, SSL_F32Scalar:$lr,
                       Variadic<SSL_F32Tensor>:$weights, F32Attr:$lambda);
  let results = (outs Variadic<SSL_F32Tensor>:$outputs);
  let assemblyFormat = [{
    custom<GroupKind>($kind) $lr `,` $weights attr-dict `:` type($lr) `,` type($weights)
  }];
}

def SSL_SgdMomentumOp : SSL_Op<"sgd_momentum", [Pure,
    AllTypesMatch<["param", "grad", "velocity", "new_param", "new_velocity"]>]> {
  let summary = "one step of SGD with momentum and weight decay (Caffe form)";
  let description = [{
    Caffe's `SGDSolver` update, with the L2 weight decay added to the
    gradient:

        new_velocity = momentum · velocity + lr · (grad + weight_decay · param)
        new_param    = param - new_velocity

    `lr` is a rank-0 tensor operand, so a learning-rate schedule can change
    it from step to step without recompiling; `momentum` and `weight_decay`
    are fixed attributes.

    ```mlir
    %w2, %v2 = ssl.sgd_momentum %w, %g, %v, %lr
        {momentum = 0.9 : f32, weight_decay = 5.0e-04 : f32}
        : tensor<20x1x5x5xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$param, SSL_F32Tensor:$grad,
                       SSL_F32Tensor:$velocity, SSL_F32Scalar:$lr,
                       DefaultValuedAttr<F32Attr, "0.9">:$momentum,
                       DefaultValuedAttr<F32Attr, "0.0">:$weight_decay);
  let results = (outs SSL_F32Tensor:$new_param, SSL_F32Tensor:$new_velocity);
  let assemblyFormat = [{
    $param `,` $grad `,` $velocity `,` $lr attr-dict `:` type($param) `,` type($lr)
  }];
  let hasVerifier = 1;
}

def SSL_ZeroSmallOp : SSL_Op<"zero_small", [Pure, SameOperandsAndResultType]> {
  let summary = "set elements with |x| <= threshold to exactly 0";
  let description = [{
    Group-Lasso SGD drives weights towards zero but leaves them at tiny
    magnitudes; this op makes them exact zeros (as the SSL Caffe solver does
    after each step) so that zero groups can be detected and pruned.

    ```mlir
    %w2 = ssl.zero_small %w {threshold = 1.0e-04 : f32} : tensor<20x1x5x5xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input,
                       DefaultValuedAttr<F32Attr, "1.0e-4">:$threshold);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def SSL_ApplyMaskOp : SSL_Op<"apply_mask", [Pure, SameOperandsAndResultType]> {
  let summary = "freeze pruned weights: param · mask";
  let description = [{
    Multiplies `param` elementwise by `mask`, a same-shape tensor of 0 and 1,
    so that weights pruned during fine-tuning stay zero after each update.

    ```mlir
    %w2 = ssl.apply_mask %w, %mask : tensor<20x1x5x5xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$param, SSL_F32Tensor:$mask);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$param `,` $mask attr-dict `:` type($output)";
}

def SSL_NextStepOp : SSL_Op<"next_step", [Pure, SameOperandsAndResultType]> {
  let summary = "advance the dropout step counter: (step + 1) mod 2^24";
  let description = [{
    The counter that `ssl-derive-train-step` feeds to the dropouts of a
    train step, one higher. It wraps to 0 at 2^24, the last integer f32
    counts exactly, so the counter never stalls (the masks repeat after
    16,777,216 steps instead).

    ```mlir
    %next = ssl.next_step %step : tensor<f32>
    ```
  }];
  let arguments = (ins SSL_F32Scalar:$step);
  let results = (outs SSL_F32Scalar:$output);
  let assemblyFormat = "$step attr-dict `:` type($step)";
}

#endif // SSL_TRAINING_OPS_TD
