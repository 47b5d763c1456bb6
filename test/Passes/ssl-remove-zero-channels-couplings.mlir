// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-channels | FileCheck %s

// Depthwise: @c1's filter 1 is dead (zero weight and bias), so channel 1
// is 0, the depthwise filter 1 then outputs its bias 0 (padding reads 0
// too), and @c3 absorbs a zero channel. The channel leaves all three
// layers and the depthwise conv keeps one group per channel.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @dw.weight(dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]], {{\[\[\[}}9.000000e+00, 1.000000e+01], [1.100000e+01, 1.200000e+01]]]]> : tensor<2x1x2x2xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.conv2d {{.*}} {groups = 2 : i64, pads = array<i64: 1, 1, 0, 0>} : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @dw.weight(dense<[[[[1.0, 2.0], [3.0, 4.0]]], [[[5.0, 6.0], [7.0, 8.0]]], [[[9.0, 10.0], [11.0, 12.0]]]]> : tensor<3x1x2x2xf32>) : tensor<3x1x2x2xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %wd = ml_program.global_load @dw.weight : tensor<3x1x2x2xf32>
  %d = ssl.conv2d %y, %wd {groups = 3 : i64, pads = array<i64: 1, 1, 0, 0>} : (tensor<1x3x3x3xf32>, tensor<3x1x2x2xf32>) -> tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %d, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// Depthwise with a live input: the depthwise filter 1 is zero, but its
// input channel varies and @c1 also feeds the result, so the depthwise
// conv keeps all three groups.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<3x1x1x1xf32>
// CHECK: @dw.weight
// CHECK-SAME: tensor<3x1x1x1xf32>
// CHECK: {groups = 3 : i64} : (tensor<1x3x3x3xf32>, tensor<3x1x1x1xf32>)
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @dw.weight(dense<[[[[1.0]]], [[[0.0]]], [[[2.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> (tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %wd = ml_program.global_load @dw.weight : tensor<3x1x1x1xf32>
  %d = ssl.conv2d %y, %wd {groups = 3 : i64} : (tensor<1x3x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  return %y, %d : tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>
}

// -----

// Grouped (2 groups of 2): @c1's filters 0 and 1 are dead, so group 0 of
// @g reads only zeros and outputs 0, which @c3 absorbs: the whole group
// goes and @g becomes an ungrouped conv (groups = 1, the default, not
// printed) of the remaining group.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @g.weight(dense<{{\[\[\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]]], {{\[\[\[}}7.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x2x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.conv2d {{.*}} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[0.0]]], [[[0.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @g.weight(dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>) : tensor<4x2x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x3x3xf32>
  %wg = ml_program.global_load @g.weight : tensor<4x2x1x1xf32>
  %g = ssl.conv2d %y, %wg {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %g, %w3 : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// Grouped: only one of group 0's two input channels is dead, so the group
// stays whole (the grouping must remain valid).
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<4x1x1x1xf32>
// CHECK: @g.weight
// CHECK-SAME: tensor<4x2x1x1xf32>
ml_program.global private mutable @c1.weight(dense<[[[[0.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @g.weight(dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>) : tensor<4x2x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x3x3xf32>
  %wg = ml_program.global_load @g.weight : tensor<4x2x1x1xf32>
  %g = ssl.conv2d %y, %wg {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %g : tensor<1x4x3x3xf32>
}

// -----

// Squeeze-and-excitation: channel 2 of @c1 is dead. The gate's 1×1 convs
// shrink with it: @se1 absorbs the zero pooled channel, @se2 stops
// computing gate channel 2, the product drops it (0 · gate = 0) and @c3
// absorbs the zero.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<3x1x1x1xf32>)
// CHECK: @se1.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x3x1x1xf32>)
// CHECK: @se2.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}7.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<3x2x1x1xf32>)
// CHECK: @se2.bias(dense<[1.000000e-01, 2.000000e-01, 4.000000e-01]> : tensor<3xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x3x1x1xf32>)
// CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[2.0]]], [[[0.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @se1.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]], [[[5.0]], [[6.0]], [[7.0]], [[8.0]]]]> : tensor<2x4x1x1xf32>) : tensor<2x4x1x1xf32>
ml_program.global private mutable @se2.weight(dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>) : tensor<4x2x1x1xf32>
ml_program.global private mutable @se2.bias(dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>) : tensor<4xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %p = ssl.global_avg_pool %y : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  %ws1 = ml_program.global_load @se1.weight : tensor<2x4x1x1xf32>
  %s1 = ssl.conv2d %p, %ws1 : (tensor<1x4x1x1xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x1x1xf32>
  %r = ssl.relu %s1 : tensor<1x2x1x1xf32>
  %ws2 = ml_program.global_load @se2.weight : tensor<4x2x1x1xf32>
  %bs2 = ml_program.global_load @se2.bias : tensor<4xf32>
  %s2 = ssl.conv2d %r, %ws2, %bs2 : (tensor<1x2x1x1xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x1x1xf32>
  %gate = ssl.hard_sigmoid %s2 : tensor<1x4x1x1xf32>
  %m = ssl.mul %y, %gate : tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %m, %w3 : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// SiLU (x · sigmoid(x)) and a per-channel constant scale: channel 0 is
// dead, and the scale loses its entry for it.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @scale(dense<[{{\[\[}}[5.000000e-01]], {{\[\[}}2.500000e-01]]]]> : tensor<1x2x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
ml_program.global private mutable @c1.weight(dense<[[[[0.0]]], [[[2.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @scale(dense<[[[[4.0]], [[0.5]], [[0.25]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  %s = ssl.sigmoid %y : tensor<1x3x2x2xf32>
  %silu = ssl.mul %y, %s : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>
  %k = ml_program.global_load @scale : tensor<1x3x1x1xf32>
  %m = ssl.mul %silu, %k : tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %m, %w3 : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// Zero padding (a pad before max pooling): a zero channel stays zero and
// leaves the pad with its producer and consumer.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.pad {{.*}} : tensor<1x2x2x2xf32> -> tensor<1x2x4x4xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  %p = ssl.pad %y {pads = array<i64: 1, 1, 1, 1>} : tensor<1x3x2x2xf32> -> tensor<1x3x4x4xf32>
  %m = ssl.max_pool2d %p {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<1x3x4x4xf32> -> tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %m, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// Channel slices (ONNX Split): channel 1 of @c1 is dead; the first slice
// shrinks to [0, 1) and the second, which never read it, moves to [1, 3).
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<3x1x1x1xf32>)
// CHECK: @c3.weight(dense<1.000000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @c4.weight(dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.slice {{.*}} {begin = 0 : i64, end = 1 : i64}
// CHECK: ssl.slice {{.*}} {begin = 1 : i64, end = 3 : i64}
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
ml_program.global private mutable @c4.weight(dense<[[[[3.0]], [[4.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %a = ssl.slice %y {begin = 0 : i64, end = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %b = ssl.slice %y {begin = 2 : i64, end = 4 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x2x1x1xf32>
  %z3 = ssl.conv2d %a, %w3 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  %w4 = ml_program.global_load @c4.weight : tensor<1x2x1x1xf32>
  %z4 = ssl.conv2d %b, %w4 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z3, %z4 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Channel shuffle, 2 groups of 2: input channels 1 and 3 (column 1 of the
// [2, 2] matrix) are dead and become output channels 2 and 3, which @c3
// absorbs. The shuffle keeps its groups on 2 channels.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.channel_shuffle {{.*}} {groups = 2 : i64} : tensor<1x2x2x2xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]], [[[0.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %s = ssl.channel_shuffle %y {groups = 2 : i64} : tensor<1x4x2x2xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %s, %w3 : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// Channel shuffle: only input channel 1 is dead, column 1 still holds
// channel 3, so nothing goes.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<4x1x1x1xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %s = ssl.channel_shuffle %y {groups = 2 : i64} : tensor<1x4x2x2xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %s, %w3 : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}

// -----

// Layer norm mixes the channels of a position: @c1's dead filter 1 outputs
// 0, but the norm of every position reads it, so no channel goes.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<3x1x1x1xf32>
// CHECK: @c3.weight
// CHECK-SAME: tensor<1x3x1x1xf32>
// CHECK: ssl.layer_norm {{.*}} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @ln.weight(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @ln.bias(dense<[0.5, 0.25, 0.125]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %g = ml_program.global_load @ln.weight : tensor<3xf32>
  %b = ml_program.global_load @ln.bias : tensor<3xf32>
  %n = ssl.layer_norm %y, %g, %b {epsilon = 1.0e-6 : f32} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %n, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// GELU maps channel c to channel c and 0 to 0: @c1's dead filter 1 leaves
// through it, and @c3 drops the matching input channel.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.gelu {{.*}} : tensor<1x2x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %a = ssl.gelu %y : tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %a, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// A layer norm of constants is a constant: @c1's filters are all zero, so
// every channel holds its bias (1, 2, 3) and the norm outputs
// gamma · (c - 2) / sqrt(2/3 + 1e-6) + beta per channel; @c2 reads only
// constants (unpadded), its outputs are constants that @c4 folds into its
// bias, and @c2 keeps one filter.
// CHECK-LABEL: ml_program.global private mutable @c2.weight
// CHECK-SAME: tensor<1x3x1x1xf32>
// CHECK: @c4.weight
// CHECK-SAME: tensor<1x1x1x1xf32>
ml_program.global private mutable @c1.weight(dense<0.0> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @c1.bias(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @ln.weight(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @ln.bias(dense<[0.5, 0.25, 0.125]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @c2.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]]]> : tensor<2x3x1x1xf32>) : tensor<2x3x1x1xf32>
ml_program.global private mutable @c4.weight(dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %b1 = ml_program.global_load @c1.bias : tensor<3xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %g = ml_program.global_load @ln.weight : tensor<3xf32>
  %b = ml_program.global_load @ln.bias : tensor<3xf32>
  %n = ssl.layer_norm %y, %g, %b {epsilon = 1.0e-6 : f32} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %w2 = ml_program.global_load @c2.weight : tensor<2x3x1x1xf32>
  %h = ssl.conv2d %n, %w2 : (tensor<1x3x3x3xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x3x3xf32>
  %w4 = ml_program.global_load @c4.weight : tensor<1x2x1x1xf32>
  %z = ssl.conv2d %h, %w4 : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
