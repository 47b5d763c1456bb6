
// group_lasso: dense kind on a convolution weight
func.func @case81(%w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects a rank-2 weight for column groups, found rank 4}}
  %0 = ssl.group_lasso column %w {lambda = 1.0 : f32} : tensor<4x3x3x3xf32> -> tensor<f32>
  return
}
