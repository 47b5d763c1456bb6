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
