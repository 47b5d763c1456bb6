
// shape_pruned_conv2d: no taps
func.func @case29(%x: tensor<1x3x8x8xf32>, %w: tensor<6x0xf32>) {
  // expected-error @+1 {{expects at least one tap, found 0}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<> : tensor<0x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x0xf32>) -> tensor<1x6x6x6xf32>
  return
}
