// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-channels | FileCheck %s

// @c2 ignores channel 1 (its channel group is zero): the channel leaves
// @c2's weight and @c1 stops computing it.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<1.500000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @c2.weight(dense<{{.*}}> : tensor<2x1x3x3xf32>)
// CHECK: ssl.conv2d {{.*}} -> tensor<1x1x4x4xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.5]]], [[[2.5]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @c2.weight(dense<[[[[1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]], [[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]], [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]]]> : tensor<2x2x3x3xf32>) : tensor<2x2x3x3xf32>
func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w2 = ml_program.global_load @c2.weight : tensor<2x2x3x3xf32>
  %z = ssl.conv2d %y, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}

// -----

// A second consumer still reads channel 1: nothing changes.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<2x1x1x1xf32>
// CHECK: @c3.weight(dense<1.000000e+00> : tensor<1x2x1x1xf32>)
ml_program.global private mutable @c1.weight(dense<[[[[1.5]]], [[[2.5]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @c2.weight(dense<[[[[1.0]], [[0.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
ml_program.global private mutable @c3.weight(dense<1.0> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
func.func @main(%x: tensor<1x1x4x4xf32>) -> (tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %w1 = ml_program.global_load @c1.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w2 = ml_program.global_load @c2.weight : tensor<1x2x1x1xf32>
  %z = ssl.conv2d %y, %w2 : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x4xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x2x1x1xf32>
  %u = ssl.conv2d %y, %w3 : (tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x4x4xf32>
  return %z, %u : tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}

// -----

// A declaration has no body to follow channels through; it stays as it is.
// CHECK-LABEL: func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
