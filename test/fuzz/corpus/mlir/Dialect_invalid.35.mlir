
// shape_pruned_conv2d: bias rank
func.func @case35(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>, %b: tensor<6x1xf32>) {
  // expected-error @+1 {{expects a rank-1 bias [O], found rank 2}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>, tensor<6x1xf32>) -> tensor<1x6x6x6xf32>
  return
}
