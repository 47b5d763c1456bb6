// RUN: ssl-opt %s -split-input-file -verify-diagnostics \
// RUN:   --ssl-derive-train-step | FileCheck %s

// The activation and gating ops have no gradient rules yet: a train step
// through one of them is an error at the op, and one that only reads them
// before every trained parameter needs none.

ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // expected-error @+1 {{'ssl.clip' op has no gradient rule, but a trained parameter reaches the loss through it}}
  %z = ssl.clip %y {min = 0.0 : f32, max = 6.0 : f32} : tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// -----

ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // expected-error @+1 {{'ssl.sigmoid' op has no gradient rule}}
  %z = ssl.sigmoid %y : tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// -----

ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // expected-error @+1 {{'ssl.hard_sigmoid' op has no gradient rule}}
  %z = ssl.hard_sigmoid %y : tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// -----

ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // expected-error @+1 {{'ssl.hard_swish' op has no gradient rule}}
  %z = ssl.hard_swish %y : tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}

// -----

// A squeeze-and-excitation gate: the product is reached first.
ml_program.global private mutable @w(dense<0.5> : tensor<2x3x1x1xf32>) : tensor<2x3x1x1xf32>
func.func @main(%x: tensor<1x3x4x4xf32>) -> tensor<1x32xf32> {
  %w = ml_program.global_load @w : tensor<2x3x1x1xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  %p = ssl.global_avg_pool %y : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  %g = ssl.sigmoid %p : tensor<1x2x1x1xf32>
  // expected-error @+1 {{'ssl.mul' op has no gradient rule}}
  %z = ssl.mul %y, %g : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
  %f = ssl.flatten %z : tensor<1x2x4x4xf32> -> tensor<1x32xf32>
  return %f : tensor<1x32xf32>
}

// -----

// Before the first trained parameter no gradient is needed.
// CHECK-LABEL: func.func @train_step
// CHECK:         ssl.clip
// CHECK:         ssl.dense_grad_weight
ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %c = ssl.clip %x {min = -1.0 : f32, max = 1.0 : f32} : tensor<4x3xf32>
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %c, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
