
// shape_pruned_conv2d: result type
func.func @case38(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x6x8x8xf32>', found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}
