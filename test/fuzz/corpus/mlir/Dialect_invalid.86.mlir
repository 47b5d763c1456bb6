
// group_lasso: unknown group kind
func.func @case83(%w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects a group kind (filter, channel, shape, kernel2d, depth, row, column, depth_bn), found 'rows'}}
  %0 = ssl.group_lasso rows %w {lambda = 1.0 : f32} : tensor<4x3x3x3xf32> -> tensor<f32>
  return
}
