// RUN: ssl-opt %s -split-input-file -ssl-fold-batchnorm | FileCheck %s

// Filter 0: s = 4 / sqrt(3 + 1) = 2, b' = (1.5 - 0.5) * 2 + 1 = 3.
// Filter 1: s = 1 / sqrt(0 + 1) = 1, b' = (2 - 0) * 1 - 1 = 1.
// CHECK-LABEL: ml_program.global private mutable @conv.weight
// CHECK-SAME: dense<[{{\[\[\[}}5.000000e-01]]], {{\[\[\[}}3.000000e+00]]]]>
// CHECK: ml_program.global private mutable @conv.bias(dense<[3.000000e+00, 1.000000e+00]>
// CHECK-LABEL: func.func @main
// CHECK: %[[Y:.*]] = ssl.conv2d
// CHECK-NOT: ssl.batch_norm
// CHECK: return %[[Y]]
ml_program.global private mutable @conv.weight(dense<[[[[0.25]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @conv.bias(dense<[1.5, 2.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn.weight(dense<[4.0, 1.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn.bias(dense<[1.0, -1.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn.running_mean(dense<[0.5, 0.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn.running_var(dense<[3.0, 0.0]> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = ml_program.global_load @conv.weight : tensor<2x1x1x1xf32>
  %b = ml_program.global_load @conv.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %g = ml_program.global_load @bn.weight : tensor<2xf32>
  %be = ml_program.global_load @bn.bias : tensor<2xf32>
  %m = ml_program.global_load @bn.running_mean : tensor<2xf32>
  %v = ml_program.global_load @bn.running_var : tensor<2xf32>
  %z = ssl.batch_norm %y, %g, %be, %m, %v {epsilon = 1.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %z : tensor<1x2x4x4xf32>
}
