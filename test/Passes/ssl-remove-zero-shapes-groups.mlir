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

// -----

// Depthwise: each channel keeps its own taps (2, 1 and all 4 of them).
// CHECK-LABEL: @d.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00]]> : tensor<3x4xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: groups = 3
// CHECK-SAME: pads = array<i64: 1, 1, 1, 1>
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [0, 1, 1], [1, 0, 1], [2, 0, 0], [2, 0, 1], [2, 1, 0], [2, 1, 1]]> : tensor<7x3xi64>
// CHECK-SAME: (tensor<1x3x3x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
ml_program.global private mutable @d.weight(dense<[
  [[[1.0, 0.0], [0.0, 2.0]]],
  [[[0.0, 3.0], [0.0, 0.0]]],
  [[[4.0, 5.0], [6.0, 7.0]]]]> : tensor<3x1x2x2xf32>) : tensor<3x1x2x2xf32>
ml_program.global private mutable @d.bias(dense<[0.5, 0.25, 0.125]> : tensor<3xf32>) : tensor<3xf32>
func.func @main(%x: tensor<1x3x3x3xf32>) -> tensor<1x3x4x4xf32> {
  %w = ml_program.global_load @d.weight : tensor<3x1x2x2xf32>
  %b = ml_program.global_load @d.bias : tensor<3xf32>
  %y = ssl.conv2d %x, %w, %b {groups = 3 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x3x3xf32>, tensor<3x1x2x2xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}

// -----

// Rows of each group: filter 1 of group 0 and filter 3 of group 1 are zero
// and are not computed (they are their bias); the groups' taps are those
// of their live filters.
// CHECK-LABEL: @r.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0, 2>
// CHECK-SAME: groups = 2
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [0, 1, 1], [1, 1, 0]]> : tensor<3x3xi64>
// CHECK-SAME: (tensor<1x2x3x3xf32>, tensor<2x2xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
ml_program.global private mutable @r.weight(dense<[
  [[[1.0, 0.0], [0.0, 2.0]]],
  [[[0.0, 0.0], [0.0, 0.0]]],
  [[[0.0, 0.0], [3.0, 0.0]]],
  [[[0.0, 0.0], [0.0, 0.0]]]]> : tensor<4x1x2x2xf32>) : tensor<4x1x2x2xf32>
ml_program.global private mutable @r.bias(dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>) : tensor<4xf32>
func.func @main(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %w = ml_program.global_load @r.weight : tensor<4x1x2x2xf32>
  %b = ml_program.global_load @r.bias : tensor<4xf32>
  %y = ssl.conv2d %x, %w, %b {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<4x1x2x2xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}
