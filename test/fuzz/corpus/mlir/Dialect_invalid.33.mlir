
// shape_pruned_conv2d: unsorted taps
func.func @case33(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects taps in strictly increasing (c, kh, kw) order, found tap #1 (0, 0, 0) after (2, 1, 2)}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[2, 1, 2], [0, 0, 0]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}
