
// group_lasso: convolution kind on a dense weight
func.func @case80(%w: tensor<10x20xf32>) {
  // expected-error @+1 {{expects a rank-4 weight for filter groups, found rank 2}}
  %0 = ssl.group_lasso filter %w {lambda = 1.0 : f32} : tensor<10x20xf32> -> tensor<f32>
  return
}
