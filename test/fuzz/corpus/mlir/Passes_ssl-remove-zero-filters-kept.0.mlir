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
