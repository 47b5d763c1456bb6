// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-shapes | FileCheck %s

// Two groups, each with its own live taps: group 0 (filters 0, 1, input
// channels 0, 1) reads (0, 0, 0) and (1, 1, 1); group 1 (filters 2, 3,
// channels 2, 3) reads (2, 0, 1), (2, 1, 0) and (3, 1, 1). The weight has a
// column per tap of the largest group; group 0's rows end in a zero that
// is never read.
// CHECK-LABEL: @g.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00, 0.000000e+00], [5.000000e+00, 6.000000e+00, 7.000000e+00], [8.000000e+00, 0.000000e+00, 9.000000e+00]]> : tensor<4x3xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-NOT: filters
// CHECK-SAME: groups = 2
// CHECK-SAME: kernel_size = array<i64: 2, 2>
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [1, 1, 1], [2, 0, 1], [2, 1, 0], [3, 1, 1]]> : tensor<5x3xi64>
// CHECK-SAME: (tensor<1x4x3x3xf32>, tensor<4x3xf32>) -> tensor<1x4x2x2xf32>
ml_program.global private mutable @g.weight(dense<[
  [[[1.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 2.0]]],
  [[[3.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]]],
  [[[0.0, 5.0], [6.0, 0.0]], [[0.0, 0.0], [0.0, 7.0]]],
  [[[0.0, 8.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 9.0]]]]> : tensor<4x2x2x2xf32>) : tensor<4x2x2x2xf32>
func.func @main(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %w = ml_program.global_load @g.weight : tensor<4x2x2x2xf32>
  %y = ssl.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}
