
// shape_pruned_conv2d: bias shape
func.func @case36(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects bias of shape [6], found [3]}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>, tensor<3xf32>) -> tensor<1x6x6x6xf32>
  return
}
