// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-filters \
// RUN:   -ssl-remove-zero-channels -ssl-remove-zero-shapes | FileCheck %s

// A zero filter whose channel must stay is not computed either: filter 1
// of the network's result is its bias 0.5, written as a constant; the conv
// keeps filters 0 and 2 (all their taps live).
// CHECK-LABEL: @o.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00, 8.000000e+00]]> : tensor<2x4xf32>)
// CHECK: @o.bias(dense<[2.500000e-01, 5.000000e-01, 1.250000e-01]> : tensor<3xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0, 2>
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1]]> : tensor<4x3xi64>
// CHECK-SAME: (tensor<1x1x3x3xf32>, tensor<2x4xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
ml_program.global private mutable @o.weight(dense<[
  [[[1.0, 2.0], [3.0, 4.0]]],
  [[[0.0, 0.0], [0.0, 0.0]]],
  [[[5.0, 6.0], [7.0, 8.0]]]]> : tensor<3x1x2x2xf32>) : tensor<3x1x2x2xf32>
ml_program.global private mutable @o.bias(dense<[0.25, 0.5, 0.125]> : tensor<3xf32>) : tensor<3xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x3x2x2xf32> {
  %w = ml_program.global_load @o.weight : tensor<3x1x2x2xf32>
  %b = ml_program.global_load @o.bias : tensor<3xf32>
  %y = ssl.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<3x1x2x2xf32>, tensor<3xf32>) -> tensor<1x3x2x2xf32>
  return %y : tensor<1x3x2x2xf32>
}

// -----

// A padded 3×3 consumer needs the constant channel 1 of @p1 (it sees 1.5
// only inside the image), so the channel stays, but @p1 computes only
// filter 0; the consumer keeps reading both channels.
// CHECK-LABEL: @p1.weight(dense<2.000000e+00> : tensor<1x1xf32>)
// CHECK: @p1.bias(dense<[0.000000e+00, 1.500000e+00]> : tensor<2xf32>)
// CHECK: @p2.weight(dense<1.000000e+00> : tensor<1x2x3x3xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0>
// CHECK-SAME: taps = dense<0> : tensor<1x3xi64>
// CHECK-SAME: -> tensor<1x2x4x4xf32>
// CHECK: ssl.conv2d
// CHECK-SAME: (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
ml_program.global private mutable @p1.weight(dense<[[[[2.0]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @p1.bias(dense<[0.0, 1.5]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @p2.weight(dense<1.0> : tensor<1x2x3x3xf32>) : tensor<1x2x3x3xf32>
func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = ml_program.global_load @p1.weight : tensor<2x1x1x1xf32>
  %b1 = ml_program.global_load @p1.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %w2 = ml_program.global_load @p2.weight : tensor<1x2x3x3xf32>
  %z = ssl.conv2d %y, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %z : tensor<1x1x4x4xf32>
}

// -----

// Without a bias the filter not computed is 0: a zero bias is created.
// CHECK-LABEL: @k.weight(dense<3.000000e+00> : tensor<1x1xf32>)
// CHECK: @k.bias(dense<0.000000e+00> : tensor<2xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 1>
// CHECK-SAME: (tensor<1x1x3x3xf32>, tensor<1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @k.weight(dense<[[[[0.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = ml_program.global_load @k.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
