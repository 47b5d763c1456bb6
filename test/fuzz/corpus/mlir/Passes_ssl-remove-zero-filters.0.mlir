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
