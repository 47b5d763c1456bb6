
// shape_pruned_conv2d: taps shape
func.func @case28(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects taps of shape [T, 3] holding (c, kh, kw), found [2, 2]}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0], [2, 1]]> : tensor<2x2xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}
