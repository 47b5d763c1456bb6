
// shape_pruned_conv2d: input rank
func.func @case23(%x: tensor<3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}
