
// Filters not computed are their bias: filters needs one.
func.func @filters_need_bias(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1xf32>) {
  // expected-error @+1 {{expects a bias [O] (the value of the filters not computed) with filters, found none}}
  %0 = ssl.shape_pruned_conv2d %x, %w {filters = array<i64: 1>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<1x1xf32>) -> tensor<1x2x6x6xf32>
  return
}
