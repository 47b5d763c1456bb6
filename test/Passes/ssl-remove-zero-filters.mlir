// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-filters | FileCheck %s

// Filter 1 of @c1 is zero with bias 2: its channel is the constant
// relu(2) = 2, folded into the 1×1 consumer's bias (0.25 + 2 · 3 = 6.25).
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<1.500000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @c1.bias(dense<5.000000e-01> : tensor<1xf32>)
// CHECK: @c2.weight(dense<-1.000000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @c2.bias(dense<6.250000e+00> : tensor<1xf32>)
// CHECK: ssl.relu %{{.*}} : tensor<1x1x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.5]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @c1.bias(dense<[0.5, 2.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @c2.weight(dense<[[[[-1.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
ml_program.global private mutable @c2.bias(dense<[0.25]> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<2x1x1x1xf32>
  %b1 = ml_program.global_load @c1.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %r = ssl.relu %y : tensor<1x2x3x3xf32>
  %w2 = ml_program.global_load @c2.weight : tensor<1x2x1x1xf32>
  %b2 = ml_program.global_load @c2.bias : tensor<1xf32>
  %z = ssl.conv2d %r, %w2, %b2 : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// A padded 3×3 consumer sees the constant only inside the image: a
// non-zero constant channel stays.
// CHECK-LABEL: ml_program.global private mutable @p1.weight
// CHECK-SAME: tensor<2x1x1x1xf32>
// CHECK: ssl.conv2d {{.*}} -> tensor<1x2x3x3xf32>
ml_program.global private mutable @p1.weight(dense<[[[[1.5]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @p1.bias(dense<[0.5, 2.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @p2.weight(dense<1.0> : tensor<1x2x3x3xf32>) : tensor<1x2x3x3xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @p1.weight : tensor<2x1x1x1xf32>
  %b1 = ml_program.global_load @p1.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %w2 = ml_program.global_load @p2.weight : tensor<1x2x3x3xf32>
  %z = ssl.conv2d %y, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}

// -----

// A dead filter (zero weight and bias) goes even before a padded conv, and
// after flatten its 4 columns leave the dense layer.
// CHECK-LABEL: ml_program.global private mutable @d1.weight(dense<1.000000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @fc.weight(dense<{{.*}}> : tensor<3x4xf32>)
// CHECK: ssl.flatten %{{.*}} : tensor<1x1x2x2xf32> -> tensor<1x4xf32>
ml_program.global private mutable @d1.weight(dense<[[[[0.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @fc.weight(dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]]> : tensor<3x8xf32>) : tensor<3x8xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x3xf32> {
  %w1 = ml_program.global_load @d1.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %f = ssl.flatten %y : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %w2 = ml_program.global_load @fc.weight : tensor<3x8xf32>
  %z = ssl.dense %f, %w2 : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  return %z : tensor<1x3xf32>
}

// -----

// The function result keeps its shape even when a filter is zero.
// CHECK-LABEL: @r1.weight
// CHECK: func.func @main({{.*}}) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @r1.weight(dense<[[[[1.5]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w1 = ml_program.global_load @r1.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A declaration has no body to follow channels through; it stays as it is.
// CHECK-LABEL: func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
