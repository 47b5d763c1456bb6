
// The output has the bias's channels when filters are listed.
func.func @filters_output(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x3x6x6xf32>', found 'tensor<1x1x6x6xf32>'}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {filters = array<i64: 1>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<1x1xf32>, tensor<3xf32>) -> tensor<1x1x6x6xf32>
  return
}
