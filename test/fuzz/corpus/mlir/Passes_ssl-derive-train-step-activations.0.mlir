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
