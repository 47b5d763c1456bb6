
// shape_pruned_conv2d: repeated tap
func.func @case34(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects taps in strictly increasing (c, kh, kw) order, found tap #1 (1, 1, 1) after (1, 1, 1)}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[1, 1, 1], [1, 1, 1]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}
