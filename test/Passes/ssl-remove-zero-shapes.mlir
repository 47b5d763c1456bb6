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

// -----

// Every tap and every filter live (grouped or not), or a weight another op
// reads too: unchanged.
// CHECK-LABEL: @a.weight
// CHECK: ssl.conv2d
// CHECK: ssl.conv2d
// CHECK-SAME: groups = 2
// CHECK: ssl.conv2d
// CHECK: ssl.conv2d
// CHECK-NOT: ssl.shape_pruned_conv2d
ml_program.global private mutable @a.weight(dense<1.0> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
ml_program.global private mutable @g.weight(dense<2.0> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
ml_program.global private mutable @s.weight(dense<[[[[1.0, 0.0], [0.0, 0.0]]], [[[1.0, 0.0], [0.0, 0.0]]]]> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
func.func @main(%x: tensor<1x1x3x3xf32>, %x2: tensor<1x2x3x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = ml_program.global_load @a.weight : tensor<2x1x2x2xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %g = ml_program.global_load @g.weight : tensor<2x1x2x2xf32>
  %z = ssl.conv2d %x2, %g {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = ml_program.global_load @s.weight : tensor<2x1x2x2xf32>
  %u = ssl.conv2d %x, %s : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %v = ssl.conv2d %x, %s : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y, %z, %u, %v : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// A conv whose weight is zero everywhere keeps one filter with one zero
// tap; every other channel is its bias.
// CHECK-LABEL: @z.weight(dense<0.000000e+00> : tensor<1x1xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0>
// CHECK-SAME: taps = dense<0> : tensor<1x3xi64>
// CHECK-SAME: (tensor<1x1x3x3xf32>, tensor<1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
ml_program.global private mutable @z.weight(dense<0.0> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
ml_program.global private mutable @z.bias(dense<[1.0, 2.0]> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = ml_program.global_load @z.weight : tensor<2x1x2x2xf32>
  %b = ml_program.global_load @z.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
