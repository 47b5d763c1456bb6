// RUN: ssl-opt %s -split-input-file -ssl-verify-inference-contract -verify-diagnostics | FileCheck %s

// A well-formed network passes unchanged.
// CHECK-LABEL: func.func @main
// CHECK: ssl.dense
// CHECK: ssl.relu
ml_program.global private @w(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32>
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %w = ml_program.global_load_const @w : tensor<4x3xf32>
  %y = ssl.dense %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %r = ssl.relu %y : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}

// -----

// expected-error @+1 {{expects argument #0 to be a static f32 tensor, found 'tensor<?x3xf32>'}}
func.func @main(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}

// -----

// expected-error @+1 {{expects an entry function @main}}
module {
  func.func @forward(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
    return %x : tensor<2x3xf32>
  }
}

// -----

ml_program.global private mutable @w : tensor<4x3xf32>
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{expects parameter @w to have an initial value}}
  %w = ml_program.global_load @w : tensor<4x3xf32>
  %y = ssl.dense %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @helper(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'func.call' op is not allowed in Inference IR}}
  %y = func.call @helper(%x) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{is a training op; run ssl-strip-training-ops before inference lowering}}
  %y = ssl.dropout %x {ratio = 0.5 : f32} : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
