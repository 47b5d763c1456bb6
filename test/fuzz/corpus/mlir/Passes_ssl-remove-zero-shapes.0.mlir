// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-shapes | FileCheck %s

// Columns (c, kh, kw) = (0, 0, 1) and (0, 1, 0) are zero in every filter:
// two live taps remain, (0, 0, 0) and (0, 1, 1).
// CHECK-LABEL: ml_program.global private mutable @c.weight(dense<{{\[\[}}1.000000e+00, 4.000000e+00], [5.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-NOT: filters
// CHECK-SAME: kernel_size = array<i64: 2, 2>
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [0, 1, 1]]> : tensor<2x3xi64>
// CHECK-SAME: (tensor<1x1x3x3xf32>, tensor<2x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT: ssl.conv2d
ml_program.global private mutable @c.weight(dense<[[[[1.0, 0.0], [0.0, 4.0]]], [[[5.0, 0.0], [0.0, 8.0]]]]> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = ml_program.global_load @c.weight : tensor<2x1x2x2xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
