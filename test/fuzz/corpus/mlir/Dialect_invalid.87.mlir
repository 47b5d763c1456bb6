
// group_lasso_grad: kind and rank
func.func @case84(%w: tensor<10x20xf32>) {
  // expected-error @+1 {{expects a rank-4 weight for shape groups, found rank 2}}
  %0 = ssl.group_lasso_grad shape %w {lambda = 1.0 : f32} : tensor<10x20xf32>
  return
}
