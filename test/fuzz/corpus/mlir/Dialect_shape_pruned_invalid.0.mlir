// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// Grouped shape-pruned convolutions: the weight has a column per tap of the
// largest group.
func.func @columns(%x: tensor<1x4x8x8xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{expects weight [O, T] with T = 2 taps (its largest group's), found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {groups = 2 : i64, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [1, 1, 1], [2, 0, 1], [3, 2, 2]]> : tensor<4x3xi64>} : (tensor<1x4x8x8xf32>, tensor<4x3xf32>) -> tensor<1x4x6x6xf32>
  return
}
