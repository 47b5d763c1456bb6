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
