// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// The verifier diagnostics of ssl.pad, ssl.channel_shuffle and ssl.slice.

// pad: input rank
func.func @pad_rank(%x: tensor<3x5x6xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.pad %x {pads = array<i64: 1, 1, 1, 1>} : tensor<3x5x6xf32> -> tensor<3x7x8xf32>
  return
}
