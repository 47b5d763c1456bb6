// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// One case per verifier diagnostic of the ssl dialect (and, marked ODS,
// the constraints ODS checks before the verifiers run).

// dense: input rank
func.func @case0(%x: tensor<4x2x3xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{expects a rank-2 input [N, K], found rank 3}}
  %0 = ssl.dense %x, %w : (tensor<4x2x3xf32>, tensor<5x6xf32>) -> tensor<4x5xf32>
  return
}
