
// shape_pruned_conv2d: weight rank
func.func @case24(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2x1xf32>) {
  // expected-error @+1 {{expects a rank-2 weight [O, T], found rank 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2x1xf32>) -> tensor<1x6x6x6xf32>
  return
}
