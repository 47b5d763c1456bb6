// RUN: ssl-opt %s -split-input-file -ssl-strip-training-ops -verify-diagnostics | FileCheck %s

// Dropout becomes the identity, training BN uses its running statistics,
// unused regularizer terms and other functions go.
// CHECK-LABEL: func.func @main
// CHECK-NOT: ssl.dropout
// CHECK-NOT: ssl.group_lasso
// CHECK: ssl.batch_norm %{{.*}}, %g, %b, %m, %v :
// CHECK-NOT: func.func @train_step
ml_program.global private mutable @w(dense<1.0> : tensor<2x3xf32>) : tensor<2x3xf32>
ml_program.global private mutable @g(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @m(dense<0.5> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @v(dense<2.0> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %d = ssl.dropout %x {ratio = 0.5 : f32} : tensor<4x3xf32>
  %y = ssl.dense %d, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  %r = ssl.group_lasso row %w {lambda = 1.0e-04 : f32} : tensor<2x3xf32> -> tensor<f32>
  %g = ml_program.global_load @g : tensor<2xf32>
  %b = ml_program.global_load @b : tensor<2xf32>
  %m = ml_program.global_load @m : tensor<2xf32>
  %v = ml_program.global_load @v : tensor<2xf32>
  %z:5 = ssl.batch_norm_train %y, %g, %b, %m, %v : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  return %z#0 : tensor<4x2xf32>
}
func.func @train_step(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  return %x : tensor<4x3xf32>
}
