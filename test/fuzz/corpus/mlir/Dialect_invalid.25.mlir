
// shape_pruned_conv2d: kernel_size count
func.func @case25(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects 2 kernel sizes, found 1}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}
