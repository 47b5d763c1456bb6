//===- SSLGradientOps.td - ssl backward ops ------------------*- tablegen -*-===//
//
// The gradients the training pass emits, one op per forward op family. Each
// carries the attributes of its forward op, and its verifier checks the
// shapes by running the forward type inference.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_GRADIENT_OPS_TD
#define SSL_GRADIENT_OPS_TD

include "compiler/Dialect/SSL/IR/SSLBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Linear layers
//===----------------------------------------------------------------------===//

def SSL_DenseGradInputOp : SSL_Op<"dense_grad_input",
    [Pure, SSL_InferResultTypes]> {
  let summary = "gradient of ssl.dense with respect to its input";
  let description = [{
    For y = x · Wᵀ + b with `weight` W [M, K]: dx = dy · W, [N, M] → [N, K].

    ```mlir
    %dx = ssl.dense_grad_input %dy, %w
        : (tensor<64x500xf32>, tensor<500x800xf32>) -> tensor<64x800xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output, SSL_F32Tensor:$weight);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output `,` $weight attr-dict `:` functional-type(operands, results)
  }];
}

def SSL_DenseGradWeightOp : SSL_Op<"dense_grad_weight",
    [Pure, SSL_InferResultTypes]> {
  let summary = "gradient of ssl.dense with respect to its weight";
  let description = [{
    For y = x · Wᵀ + b with `input` x [N, K]: dW = dyᵀ · x, [M, K]. The bias
    gradient is `ssl.bias_grad`.

    ```mlir
    %dw = ssl.dense_grad_weight %x, %dy
        : (tensor<64x800xf32>, tensor<64x500xf32>) -> tensor<500x800xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$grad_output);
  let results = (outs SSL_F32Tensor:$grad_weight);
  let assemblyFormat = [{
    $input `,` $grad_output attr-dict `:` functional-type(operands, results)
  }];
}

def SSL_BiasGradOp : SSL_Op<"bias_grad", [Pure, SSL_InferResultTypes]> {
  let summary = "gradient of a dense or convolution bias";
  let description = [{
    Sums `grad_output` over every axis but axis 1: [N, M] → [M] for
    `ssl.dense`, [N, O, OH, OW] → [O] for `ssl.conv2d`.

    ```mlir
    %db = ssl.bias_grad %dy : tensor<64x20x24x24xf32> -> tensor<20xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output);
  let results = (outs SSL_F32Tensor:$grad_bias);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_bias)
  }];
}

def SSL_Conv2dGradInputOp : SSL_Op<"conv2d_grad_input", [Pure]> {
  let summary = "gradient of ssl.conv2d with respect to its input";
  let description = [{
    The transposed convolution of `grad_output` [N, O, OH, OW] with `weight`
    [O, C/groups, KH, KW] under the forward op's strides, pads, dilations and
    groups:

        dx[n, c, h, w] = Σ dy[n, o, i, j] · W[o, c mod C/groups, kh, kw]
            over o in c's group and (i, j, kh, kw) with
            h = i·stride_h - top + kh·dilation_h,
            w = j·stride_w - left + kw·dilation_w

    The result type is the forward input's: it is not implied by the
    operands, since with stride > 1 several input sizes give the same output
    size. The verifier checks that `ssl.conv2d` of the result type and the
    weight has the type of `grad_output`.

    ```mlir
    %dx = ssl.conv2d_grad_input %dy, %w {strides = array<i64: 2, 2>}
        : (tensor<8x16x15x15xf32>, tensor<16x3x3x3xf32>) -> tensor<8x3x32x32xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$grad_output, SSL_F32Tensor:$weight),
                       SSL_ConvAttrs);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output `,` $weight attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def SSL_Conv2dGradWeightOp : SSL_Op<"conv2d_grad_weight", [Pure]> {
  let summary = "gradient of ssl.conv2d with respect to its weight";
  let description = [{
    Correlates the forward `input` [N, C, H, W] with `grad_output`
    [N, O, OH, OW] under the forward op's attributes:

        dW[o, c', kh, kw] = Σ_{n, i, j} dy[n, o, i, j] ·
            xpad[n, g(o)·C/groups + c', i·stride_h + kh·dilation_h,
                                        j·stride_w + kw·dilation_w]

    The result type is the weight's (the kernel size is not implied by the
    operands); the verifier checks that `ssl.conv2d` of the input and the
    result type has the type of `grad_output`. The bias gradient is
    `ssl.bias_grad`.

    ```mlir
    %dw = ssl.conv2d_grad_weight %x, %dy {pads = array<i64: 1, 1, 1, 1>}
        : (tensor<8x3x32x32xf32>, tensor<8x16x32x32xf32>) -> tensor<16x3x3x3xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$input, SSL_F32Tensor:$grad_output),
                       SSL_ConvAttrs);
  let results = (outs SSL_F32Tensor:$grad_weight);
  let assemblyFormat = [{
    $input `,` $grad_output attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Activations, normalization and pooling
//===----------------------------------------------------------------------===//

def SSL_ReluGradOp : SSL_Op<"relu_grad", [Pure, SameOperandsAndResultType]> {
  let summary = "gradient of ssl.relu";
  let description = [{
    dx = dy where x > 0, else 0 (the subgradient at 0 is 0, as in Caffe and
    PyTorch). `input` is the forward input; the forward output gives the same
    mask.

    ```mlir
    %dx = ssl.relu_grad %dy, %x : tensor<64x500xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output, SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = "$grad_output `,` $input attr-dict `:` type($grad_input)";
}

def SSL_BatchNormGradOp : SSL_Op<"batch_norm_grad", [Pure,
    AllTypesMatch<["grad_output", "input", "grad_input"]>,
    AllTypesMatch<["gamma", "grad_gamma", "grad_beta"]>]> {
  let summary = "gradient of ssl.batch_norm_train";
  let description = [{
    Backward of batch normalization with batch statistics. With
    x̂ = (x - batch_mean) / sqrt(batch_variance + epsilon) and M elements per
    channel:

        grad_beta[c]  = Σ dy
        grad_gamma[c] = Σ dy · x̂
        grad_input    = gamma[c] / sqrt(batch_variance[c] + epsilon)
                        · (dy - grad_beta[c] / M - x̂ · grad_gamma[c] / M)

    `batch_mean` and `batch_variance` are results of the forward
    `ssl.batch_norm_train`; `epsilon` must be the forward op's.

    ```mlir
    %dx, %dgamma, %dbeta = ssl.batch_norm_grad %dy, %x, %gamma, %bm, %bv
        {epsilon = 1.0e-05 : f32}
        : (tensor<8x16x32x32xf32>, tensor<8x16x32x32xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>)
        -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output, SSL_F32Tensor:$input,
                       SSL_F32Tensor:$gamma, SSL_F32Tensor:$batch_mean,
                       SSL_F32Tensor:$batch_variance,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs SSL_F32Tensor:$grad_input, SSL_F32Tensor:$grad_gamma,
                      SSL_F32Tensor:$grad_beta);
  let assemblyFormat = [{
    $grad_output `,` $input `,` $gamma `,` $batch_mean `,` $batch_variance
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def SSL_MaxPool2dGradOp : SSL_Op<"max_pool2d_grad",
    [Pure, AllTypesMatch<["input", "grad_input"]>]> {
  let summary = "gradient of ssl.max_pool2d";
  let description = [{
    Routes each element of `grad_output` to the input cell that won its
    window, recomputed from the forward `input`; ties go to the first cell
    in row-major window order (Caffe, PyTorch). Cells that win several
    overlapping windows receive the sum. The attributes are the forward
    op's; the verifier checks that `ssl.max_pool2d` of `input` has the type
    of `grad_output`.

    ```mlir
    %dx = ssl.max_pool2d_grad %dy, %x {kernel = array<i64: 2, 2>,
            strides = array<i64: 2, 2>}
        : (tensor<8x16x16x16xf32>, tensor<8x16x32x32xf32>) -> tensor<8x16x32x32xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$grad_output, SSL_F32Tensor:$input),
                       SSL_PoolAttrs);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output `,` $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def SSL_AvgPool2dGradOp : SSL_Op<"avg_pool2d_grad", [Pure]> {
  let summary = "gradient of ssl.avg_pool2d";
  let description = [{
    Spreads each element of `grad_output` evenly over the input cells of its
    window, divided by the forward op's divisor (see `count_include_pad`).
    The result type is the forward input's (not implied by `grad_output`);
    the verifier checks that `ssl.avg_pool2d` of the result type has the
    type of `grad_output`.

    ```mlir
    %dx = ssl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>,
            strides = array<i64: 2, 2>}
        : tensor<8x16x16x16xf32> -> tensor<8x16x32x32xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$grad_output), SSL_AvgPoolAttrs);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_input)
  }];
  let hasVerifier = 1;
}

def SSL_GlobalAvgPoolGradOp : SSL_Op<"global_avg_pool_grad", [Pure]> {
  let summary = "gradient of ssl.global_avg_pool";
  let description = [{
    dx[n, c, h, w] = dy[n, c, 0, 0] / (H·W). The result type is the forward
    input's [N, C, H, W]; `grad_output` is [N, C, 1, 1].

    ```mlir
    %dx = ssl.global_avg_pool_grad %dy
        : tensor<8x64x1x1xf32> -> tensor<8x64x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reshapes
//===----------------------------------------------------------------------===//

def SSL_FlattenGradOp : SSL_Op<"flatten_grad", [Pure]> {
  let summary = "gradient of ssl.flatten: [N, C·H·W] -> [N, C, H, W]";
  let description = [{
    Reshapes `grad_output` back to the forward input's type, given as the
    result type; the verifier checks that `ssl.flatten` of it has the type
    of `grad_output`.

    ```mlir
    %dx = ssl.flatten_grad %dy : tensor<64x800xf32> -> tensor<64x50x4x4xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output);
  let results = (outs SSL_F32Tensor:$grad_input);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_input)
  }];
  let hasVerifier = 1;
}

def SSL_ConcatGradOp : SSL_Op<"concat_grad", [Pure]> {
  let summary = "gradient of ssl.concat: slices along the concat axis";
  let description = [{
    Splits `grad_output` along `axis` into one gradient per forward input,
    whose types are the results'. The verifier checks that `ssl.concat` of
    the result types has the type of `grad_output`.

    ```mlir
    %da, %db = ssl.concat_grad %dy {axis = 1 : i64}
        : tensor<1x48x8x8xf32> -> (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>)
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$grad_output, I64Attr:$axis);
  let results = (outs Variadic<SSL_F32Tensor>:$grad_inputs);
  let assemblyFormat = [{
    $grad_output attr-dict `:` type($grad_output) `->` type($grad_inputs)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Loss
//===----------------------------------------------------------------------===//

def SSL_SoftmaxCrossEntropyGradOp : SSL_Op<"softmax_cross_entropy_grad",
    [Pure, AllTypesMatch<["logits", "grad_logits"]>]> {
  let summary = "gradient of ssl.softmax_cross_entropy";
  let description = [{
    The gradient of the mean loss with respect to the logits:
    (softmax(logits) - target) / N, where target is the one-hot row of the
    class index or the given label distribution. It seeds the backward pass,
    so it takes no incoming gradient.

    ```mlir
    %dlogits = ssl.softmax_cross_entropy_grad %logits, %labels
        : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<64x10xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$logits,
                       AnyTypeOf<[SSL_I64Tensor, SSL_F32Tensor]>:$labels);
  let results = (outs SSL_F32Tensor:$grad_logits);
  let assemblyFormat = [{
    $logits `,` $labels attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // SSL_GRADIENT_OPS_TD
