
// group_lasso_grad: depth_bn's γ and β have one value per filter
func.func @case128(%w: tensor<4x3x3x3xf32>, %g: tensor<4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects the batch-norm γ and β of depth_bn groups as tensor<4xf32>, found 'tensor<3xf32>'}}
  %0:3 = ssl.group_lasso_grad depth_bn %w, %g, %b {lambda = 1.0 : f32} : tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<3xf32>
  return
}
