//===- SSLOps.td - ssl network ops ---------------------------*- tablegen -*-===//
//
// The forward layers of a network. Training ops live in SSLTrainingOps.td,
// backward ops in SSLGradientOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_OPS_TD
#define SSL_OPS_TD

include "compiler/Dialect/SSL/IR/SSLBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Linear layers
//===----------------------------------------------------------------------===//

def SSL_DenseOp : SSL_Op<"dense", [Pure, SSL_InferResultTypes]> {
  let summary = "fully connected layer: y = x · Wᵀ + b";
  let description = [{
    Multiplies a batch of row vectors `input` [N, K] by the transposed weight
    `weight` [M, K] (PyTorch/ONNX `Gemm` with transB = 1) and adds the
    optional `bias` [M]. The result is [N, M].

    ```mlir
    %y = ssl.dense %x, %w, %b
        : (tensor<1x784xf32>, tensor<500x784xf32>, tensor<500xf32>)
        -> tensor<1x500xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$weight,
                       Optional<SSL_F32Tensor>:$bias);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def SSL_Conv2dOp : SSL_Op<"conv2d", [Pure, SSL_InferResultTypes]> {
  let summary = "2-D convolution (cross-correlation), NCHW input, OIHW weight";
  let description = [{
    ONNX `Conv` for two spatial axes. `input` is [N, C, H, W], `weight` is
    [O, C/groups, KH, KW], the optional `bias` is [O]. Input channel group g
    (channels g·C/groups ..< (g+1)·C/groups) feeds output channel group g.

    `pads` are (top, left, bottom, right) and may be asymmetric; `strides`
    and `dilations` are (vertical, horizontal). The output is [N, O, OH, OW]
    with (ONNX, Caffe)

        OH = floor((H + top + bottom - dilation_h·(KH - 1) - 1) / stride_h) + 1

    and OW likewise; the dilated kernel must fit in the padded input.

    ```mlir
    %y = ssl.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>)
        -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$input, SSL_F32Tensor:$weight,
                            Optional<SSL_F32Tensor>:$bias), SSL_ConvAttrs);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def SSL_ShapePrunedConv2dOp : SSL_Op<"shape_pruned_conv2d",
    [Pure, SSL_InferResultTypes]> {
  let summary = "convolution restricted to its live taps and live filters";
  let description = [{
    What remains of a convolution once SSL has zeroed filter-shape groups
    W[:, c, kh, kw] (per group of a grouped convolution) and filters that
    structure removal could not delete: only live taps and live filters are
    kept. `taps` is an i64 elements attribute of shape [T, 3] whose rows are
    (c, kh, kw), indices into the original [C, KH, KW] filter shape with `c`
    the input channel of the whole input, listed in strictly increasing
    lexicographic order. With `groups` = G, input channels
    g·C/G ..< (g+1)·C/G form group g, and the taps of group g are the
    T_g rows whose channel lies in it (in list order: t = 0 ..< T_g).

    `filters`, when present, lists the output channels that are computed
    (strictly increasing); every other output channel o is the constant
    `bias[o]` (so `bias` [O] is then required and gives the output channel
    count O). Without it every output channel is computed and O is the
    weight's first dimension. `weight` [O', Tw] holds one row per computed
    filter, O' = |filters| (or O), and Tw = max_g T_g: row i, output channel
    o = filters[i] of group g = o / (O/G), holds W[o, c, kh, kw] of the
    group's tap t in column t; columns t >= T_g are not read. Then

        y[n, o, i, j] = bias[o] + Σ_{t < T_g} weight[row(o), t] ·
            xpad[n, c_{g,t}, i·stride_h + kh_{g,t}·dilation_h,
                             j·stride_w + kw_{g,t}·dilation_w]

    where xpad is the input padded with zeros by `pads`. `kernel_size`
    (KH, KW) is the original kernel, which together with `strides`, `pads`
    and `dilations` gives the same output size as the dense `ssl.conv2d`.
    Lowered per group as a gather of the T_g input rows (im2col restricted
    to the taps) followed by an [O'_g, T_g] × [T_g, OH·OW] product, so no
    zero tap and no zero filter is computed.

    ```mlir
    %y = ssl.shape_pruned_conv2d %x, %w, %b {kernel_size = array<i64: 3, 3>,
            pads = array<i64: 1, 1, 1, 1>,
            taps = dense<[[0, 0, 1], [0, 1, 1], [2, 2, 0]]> : tensor<3x3xi64>}
        : (tensor<1x3x32x32xf32>, tensor<16x3xf32>, tensor<16xf32>)
        -> tensor<1x16x32x32xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$weight,
                       Optional<SSL_F32Tensor>:$bias, I64ElementsAttr:$taps,
                       DenseI64ArrayAttr:$kernel_size, SSL_StridesAttr:$strides,
                       SSL_PadsAttr:$pads, SSL_DilationsAttr:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups,
                       OptionalAttr<DenseI64ArrayAttr>:$filters);
  let results = (outs SSL_F32Tensor:$output);
  // One group, every filter computed.
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$weight,
                   "::mlir::Value":$bias, "::mlir::DenseIntElementsAttr":$taps,
                   "::llvm::ArrayRef<int64_t>":$kernel_size,
                   "::llvm::ArrayRef<int64_t>":$strides,
                   "::llvm::ArrayRef<int64_t>":$pads,
                   "::llvm::ArrayRef<int64_t>":$dilations), [{
      build($_builder, $_state, input, weight, bias, taps, kernel_size,
            strides, pads, dilations, /*groups=*/1,
            ::mlir::DenseI64ArrayAttr());
    }]>
  ];
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def SSL_BatchNormOp : SSL_Op<"batch_norm",
    [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "batch normalization with running statistics (inference)";
  let description = [{
    ONNX `BatchNormalization` in inference mode:

        y = gamma[c] · (x - mean[c]) / sqrt(variance[c] + epsilon) + beta[c]

    over an input of rank >= 2 whose axis 1 holds the C channels ([N, C] after
    a dense layer, [N, C, H, W] after a convolution). `gamma`, `beta`, `mean`
    and `variance` are [C]. Training uses `ssl.batch_norm_train`; the BN
    folding pass merges this op into the preceding convolution or dense
    layer.

    ```mlir
    %y = ssl.batch_norm %x, %gamma, %beta, %mean, %var {epsilon = 1.0e-05 : f32}
        : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x32x32xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$gamma,
                       SSL_F32Tensor:$beta, SSL_F32Tensor:$mean,
                       SSL_F32Tensor:$variance,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def SSL_LayerNormOp : SSL_Op<"layer_norm",
    [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "layer normalization over the channels of each position";
  let description = [{
    Normalizes every position of an input of rank >= 2 (channels on axis 1)
    over its C channels, with statistics of that position alone:

        mean     = Σ_c x[c] / C
        variance = Σ_c (x[c] - mean)² / C                       (biased)
        y[c]     = gamma[c] · (x[c] - mean) / sqrt(variance + epsilon)
                   + beta[c]

    `gamma` and `beta` are [C]. This is PyTorch's `LayerNorm(C)` applied to a
    channels-last view of an [N, C, H, W] tensor (ConvNeXt's `LayerNorm2d`
    and its classifier's norm), which ONNX exports as Transpose, ReduceMean,
    Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add, Transpose. Unlike
    `ssl.batch_norm` it mixes the channels of a position, so it neither
    folds into a neighbouring layer nor lets structure removal delete a
    channel through it.

    ```mlir
    %y = ssl.layer_norm %x, %gamma, %beta {epsilon = 1.0e-06 : f32}
        : (tensor<1x96x8x8xf32>, tensor<96xf32>, tensor<96xf32>)
        -> tensor<1x96x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$gamma,
                       SSL_F32Tensor:$beta,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def SSL_BatchNormTrainOp : SSL_Op<"batch_norm_train",
    [Pure, SSL_InferResultTypes]> {
  let summary = "batch normalization with batch statistics (training)";
  let description = [{
    ONNX `BatchNormalization` in training mode. Normalizes `input` (rank >= 2,
    channels on axis 1) with the statistics of the batch, reducing over every
    axis but 1 (M = N·H·W elements per channel):

        batch_mean[c]     = Σ x / M
        batch_variance[c] = Σ (x - batch_mean[c])² / M        (biased)
        output            = gamma[c] · (x - batch_mean[c])
                            / sqrt(batch_variance[c] + epsilon) + beta[c]

    and updates the running statistics that `ssl.batch_norm` uses at
    inference (ONNX convention for `momentum`; Caffe and PyTorch use the
    unbiased variance M/(M-1)·batch_variance for the running estimate, and so
    does this op):

        new_running_mean     = momentum · running_mean
                               + (1 - momentum) · batch_mean
        new_running_variance = momentum · running_variance
                               + (1 - momentum) · M/(M-1) · batch_variance

    `batch_mean` and `batch_variance` are the statistics `ssl.batch_norm_grad`
    needs.

    ```mlir
    %y, %bm, %bv, %rm, %rv = ssl.batch_norm_train %x, %gamma, %beta, %mean, %var
        {epsilon = 1.0e-05 : f32, momentum = 0.9 : f32}
        : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>,
           tensor<16xf32>, tensor<16xf32>)
        -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>,
            tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$gamma,
                       SSL_F32Tensor:$beta, SSL_F32Tensor:$running_mean,
                       SSL_F32Tensor:$running_variance,
                       DefaultValuedAttr<F32Attr, "1.0e-5">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9">:$momentum);
  let results = (outs SSL_F32Tensor:$output, SSL_F32Tensor:$batch_mean,
                      SSL_F32Tensor:$batch_variance,
                      SSL_F32Tensor:$new_running_mean,
                      SSL_F32Tensor:$new_running_variance);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `,` $running_mean `,` $running_variance
    attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def SSL_MaxPool2dOp : SSL_Op<"max_pool2d", [Pure, SSL_InferResultTypes]> {
  let summary = "2-D max pooling over an NCHW input";
  let description = [{
    ONNX `MaxPool` / Caffe `Pooling` (MAX) with window `kernel` (KH, KW),
    `strides` and `pads` (top, left, bottom, right); padded cells never win.
    Each pad must be smaller than the kernel along its axis, so every window
    overlaps the input. The output size along H is

        floor mode: OH = floor((H + top + bottom - KH) / stride_h) + 1
        ceil mode:  OH = ceil((H + top + bottom - KH) / stride_h) + 1,
                    minus 1 if (OH - 1)·stride_h >= H + top

    The ceil-mode correction is the rule of Caffe, PyTorch and ONNX (since
    opset 19): the last window must start inside the input or its top/left
    padding, never in the bottom/right padding, so a window that only exists
    because of rounding up is dropped. (Caffe checks it only when padding is
    nonzero; applying it always also keeps unpadded windows with
    stride > kernel inside the input.)

    ```mlir
    %y = ssl.max_pool2d %x {kernel = array<i64: 3, 3>,
            strides = array<i64: 2, 2>, ceil_mode = true}
        : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$input), SSL_PoolAttrs);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def SSL_AvgPool2dOp : SSL_Op<"avg_pool2d", [Pure, SSL_InferResultTypes]> {
  let summary = "2-D average pooling over an NCHW input";
  let description = [{
    ONNX `AveragePool` / Caffe `Pooling` (AVE). Window, strides, pads and
    output size are those of `ssl.max_pool2d`. With `count_include_pad`
    the divisor counts the padded cells of the window, clipped to the padded
    input (a ceil-mode window that runs past the bottom/right padding does
    not count the cells beyond it, as in Caffe and PyTorch); without it the
    divisor is the number of input cells in the window.

    ```mlir
    %y = ssl.avg_pool2d %x {kernel = array<i64: 2, 2>,
            strides = array<i64: 2, 2>, count_include_pad = true}
        : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = !con((ins SSL_F32Tensor:$input), SSL_AvgPoolAttrs);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def SSL_GlobalAvgPoolOp : SSL_Op<"global_avg_pool",
    [Pure, SSL_InferResultTypes]> {
  let summary = "mean over the spatial axes: [N, C, H, W] -> [N, C, 1, 1]";
  let description = [{
    ONNX `GlobalAveragePool`; the spatial axes are kept with size 1.

    ```mlir
    %y = ssl.global_avg_pool %x : tensor<1x64x8x8xf32> -> tensor<1x64x1x1xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise ops and reshapes
//===----------------------------------------------------------------------===//

def SSL_ReluOp : SSL_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "rectified linear unit: max(x, 0)";
  let description = [{
    Elementwise `max(x, 0)` on a tensor of any shape.

    ```mlir
    %y = ssl.relu %x : tensor<1x500xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

// The activations of MobileNet, EfficientNet, RegNet-Y and MNASNet. Each is
// elementwise on a tensor of any shape and written as the expression codegen
// and the reference interpreter both evaluate (in f32 and f64).

def SSL_ClipOp : SSL_Op<"clip", [Pure, SameOperandsAndResultType]> {
  let summary = "clamp to [min, max]: min(max(x, min), max)";
  let description = [{
    ONNX `Clip`: y = min(max(x, `min`), `max`) elementwise, with
    `min` <= `max` (both finite or infinite, never NaN). ReLU6 is
    `min = 0, max = 6`. The ONNX importer gives a bound the model leaves
    out ONNX's default, the lowest or largest finite f32.

    ```mlir
    %y = ssl.clip %x {max = 6.0 : f32, min = 0.0 : f32} : tensor<1x32x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def SSL_SigmoidOp : SSL_Op<"sigmoid", [Pure, SameOperandsAndResultType]> {
  let summary = "logistic function: 1 / (1 + exp(-x))";
  let description = [{
    ONNX `Sigmoid`: y = 1 / (1 + exp(-x)) elementwise. SiLU (swish) is
    `ssl.mul %x, (ssl.sigmoid %x)`.

    ```mlir
    %y = ssl.sigmoid %x : tensor<1x32x1x1xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def SSL_HardSigmoidOp : SSL_Op<"hard_sigmoid",
    [Pure, SameOperandsAndResultType]> {
  let summary = "piecewise-linear sigmoid: max(0, min(1, alpha·x + beta))";
  let description = [{
    ONNX `HardSigmoid`: y = max(0, min(1, `alpha`·x + `beta`)) elementwise,
    with finite `alpha` and `beta` (ONNX defaults 0.2 and 0.5). PyTorch's
    `hardsigmoid`, relu6(x + 3) / 6, exports as alpha = 1/6, beta = 0.5.

    ```mlir
    %y = ssl.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.0e-01 : f32}
        : tensor<1x16x1x1xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input,
                       DefaultValuedAttr<F32Attr, "0.2">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5">:$beta);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def SSL_HardSwishOp : SSL_Op<"hard_swish", [Pure, SameOperandsAndResultType]> {
  let summary = "x · relu6(x + 3) / 6";
  let description = [{
    ONNX `HardSwish` and PyTorch's `hardswish`: elementwise

        y = x · min(max(x + 3, 0), 6) / 6

    (ONNX writes it x · max(0, min(1, x/6 + 1/2)), the same function).

    ```mlir
    %y = ssl.hard_swish %x : tensor<1x16x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def SSL_GeluOp : SSL_Op<"gelu", [Pure, SameOperandsAndResultType]> {
  let summary = "Gaussian error linear unit: x · Φ(x)";
  let description = [{
    PyTorch's `gelu` (approximate = 'none'), elementwise

        y = x · (1 + erf(x / √2)) / 2

    which ONNX opsets before 20 export as Div by √2, Erf, Add 1, Mul by x
    and Mul by 0.5.

    ```mlir
    %y = ssl.gelu %x : tensor<1x384x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def SSL_MulOp : SSL_Op<"mul", [Pure, AllTypesMatch<["lhs", "output"]>]> {
  let summary = "elementwise product, the second operand broadcast";
  let description = [{
    y = lhs · rhs elementwise, where `rhs` is broadcast to the shape of
    `lhs` (ONNX's unidirectional broadcasting with equal ranks): `rhs` has
    the rank of `lhs`, and along every axis either the size of `lhs` or 1,
    in which case its single entry serves every index of that axis:

        y[i0, ..., in] = lhs[i0, ..., in] · rhs[j0, ..., jn],
        jk = ik if rhs has the size of lhs along axis k, else 0.

    The result has the type of `lhs`. The cases networks use: the
    squeeze-and-excitation gate, a [N, C, 1, 1] `rhs` over [N, C, H, W]
    activations; SiLU, x · sigmoid(x), with equal shapes; a scale by a
    per-channel [1, C, 1, 1] or scalar [1, 1, 1, 1] constant.

    ```mlir
    %y = ssl.mul %x, %gate : tensor<1x16x8x8xf32>, tensor<1x16x1x1xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$lhs, SSL_F32Tensor:$rhs);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)
  }];
  let hasVerifier = 1;
}

def SSL_AddOp : SSL_Op<"add", [Pure, Commutative, SameOperandsAndResultType]> {
  let summary = "elementwise sum of two tensors of the same shape";
  let description = [{
    The residual connection of a ResNet block; also sums gradients and loss
    terms in Training IR. No broadcasting.

    ```mlir
    %y = ssl.add %a, %b : tensor<1x64x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$lhs, SSL_F32Tensor:$rhs);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($output)";
}

def SSL_FlattenOp : SSL_Op<"flatten", [Pure, SSL_InferResultTypes]> {
  let summary = "collapse all axes but the batch: [N, C, H, W] -> [N, C·H·W]";
  let description = [{
    ONNX `Flatten` with axis 1, in row-major order, on an input of rank >= 2
    (NCHW activations before a dense layer).

    ```mlir
    %y = ssl.flatten %x : tensor<1x50x4x4xf32> -> tensor<1x800xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def SSL_SoftmaxOp : SSL_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax over the last axis of a [N, K] tensor";
  let description = [{
    y[n, k] = exp(x[n, k] - max_k x[n, :]) / Σ_j exp(x[n, j] - max_k x[n, :]).
    Inference only: training differentiates `ssl.softmax_cross_entropy` on
    the logits.

    ```mlir
    %p = ssl.softmax %logits : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def SSL_DropoutOp : SSL_Op<"dropout",
    [Pure, AllTypesMatch<["input", "output"]>]> {
  let summary = "inverted dropout (training only)";
  let description = [{
    Zeroes each element with probability `ratio` and scales the survivors by
    1 / (1 - ratio), so inference is the identity (the pass that strips
    training ops removes this op, and the inference lowering ignores it).

    The keep mask is a deterministic function of `seed`, the optional
    `step` (a rank-0 f32 tensor holding a non-negative integer; absent
    means 0) and the element's row-major index `i`: in uint32 arithmetic,
    with `fmix32` the MurmurHash3 finalizer,

        s = fmix32(lo32(seed) ^ fmix32(hi32(seed)))
        k = fmix32(s + 0x9e3779b9 · uint32(step))
        element i is dropped iff fmix32(fmix32(i) ^ k) < ⌊ratio · 2^32⌋.

    Model IR carries no `step`; `ssl-derive-train-step` feeds every dropout
    of the train step a counter that advances once per step, so each step
    draws a new mask. Because the mask depends on nothing else, the
    gradient of a dropout is the same op (same `ratio`, `seed` and `step`)
    applied to the incoming gradient.

    ```mlir
    %y = ssl.dropout %x {ratio = 5.000000e-01 : f32, seed = 7 : i64}
        : tensor<64x500xf32>
    %z = ssl.dropout %x, %step {ratio = 5.000000e-01 : f32}
        : tensor<64x500xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input,
                       Optional<SSL_F32Scalar>:$step,
                       DefaultValuedAttr<F32Attr, "0.5">:$ratio,
                       DefaultValuedAttr<I64Attr, "0">:$seed);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input (`,` $step^)? attr-dict `:` type($input) (`,` type($step)^)?
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$step,
                   "::mlir::FloatAttr":$ratio, "::mlir::IntegerAttr":$seed), [{
      build($_builder, $_state, input.getType(), input, step, ratio, seed);
    }]>
  ];
  let hasVerifier = 1;
}

def SSL_ConcatOp : SSL_Op<"concat", [Pure, SSL_InferResultTypes]> {
  let summary = "concatenation along one axis";
  let description = [{
    ONNX `Concat`: the inputs have the same rank and the same sizes on every
    axis but `axis`, along which the result stacks them in operand order.

    ```mlir
    %y = ssl.concat %a, %b {axis = 1 : i64}
        : (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x48x8x8xf32>
    ```
  }];
  let arguments = (ins Variadic<SSL_F32Tensor>:$inputs, I64Attr:$axis);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, $output)
  }];
}

def SSL_PadOp : SSL_Op<"pad", [Pure, SSL_InferResultTypes]> {
  let summary = "zero padding of the spatial axes of an NCHW tensor";
  let description = [{
    ONNX `Pad` in constant mode with value 0 on H and W. `pads` are (top,
    left, bottom, right), each >= 0; the result is
    [N, C, H + top + bottom, W + left + right] with the input at offset
    (top, left) and zeros around it. The ONNX importer folds a pad into the
    convolution or count-including average pooling that follows it where
    that is exact; this op is what is left (a pad before max pooling, whose
    own padding is -inf, or a pad read by several ops).

    ```mlir
    %y = ssl.pad %x {pads = array<i64: 1, 1, 1, 1>}
        : tensor<1x8x6x6xf32> -> tensor<1x8x8x8xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, DenseI64ArrayAttr:$pads);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def SSL_ChannelShuffleOp : SSL_Op<"channel_shuffle",
    [Pure, SameOperandsAndResultType]> {
  let summary = "ShuffleNet's channel shuffle of an NCHW tensor";
  let description = [{
    The channels, seen as a [groups, C / groups] matrix, transposed:
    output channel `o` is input channel `(o mod groups) · (C / groups) +
    o / groups`. PyTorch exports it as Reshape [N, g, C/g, H, W], Transpose
    perm [0, 2, 1, 3, 4], Reshape [N, C, H, W], which the ONNX importer
    recognises. `groups` >= 1 divides C.

    ```mlir
    %y = ssl.channel_shuffle %x {groups = 2 : i64} : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, I64Attr:$groups);
  let results = (outs SSL_F32Tensor:$output);
  let hasVerifier = 1;
  let assemblyFormat = [{
    $input attr-dict `:` type($input)
  }];
}

def SSL_SliceOp : SSL_Op<"slice", [Pure, SSL_InferResultTypes]> {
  let summary = "the channels [begin, end) of a tensor";
  let description = [{
    ONNX `Slice` / `Split` on axis 1 (PyTorch's `x.chunk(2, dim=1)`): the
    result keeps every other axis and the channels `begin ..< end`, with
    0 <= begin < end <= C.

    ```mlir
    %y = ssl.slice %x {begin = 4 : i64, end = 8 : i64}
        : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, I64Attr:$begin, I64Attr:$end);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

def SSL_GatherOp : SSL_Op<"gather", [Pure, SSL_InferResultTypes]> {
  let summary = "the channels `indices` of a tensor, in that order";
  let description = [{
    ONNX `Gather` on axis 1 with constant indices: channel `i` of the
    result is channel `indices[i]` of `input`; every other axis is kept.
    The indices are in [0, C) and there is at least one. Structure removal
    puts one in front of a dense layer whose zero weight columns read an
    input it cannot narrow (the network's input, a flattened feature map
    whose other pixels are live), so that the layer multiplies only its
    live columns.

    ```mlir
    %y = ssl.gather %x {indices = array<i64: 0, 2, 3>}
        : tensor<1x8xf32> -> tensor<1x3xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, DenseI64ArrayAttr:$indices);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($output)
  }];
}

#endif // SSL_OPS_TD
