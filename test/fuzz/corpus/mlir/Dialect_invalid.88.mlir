
// group_lasso_grad: lambda
func.func @case85(%w: tensor<10x20xf32>) {
  // expected-error @+1 {{expects lambda >= 0, found -2}}
  %0 = ssl.group_lasso_grad row %w {lambda = -2.0 : f32} : tensor<10x20xf32>
  return
}
