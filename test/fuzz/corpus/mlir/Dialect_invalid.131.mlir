
// group_lasso: depth_bn takes the conv weight, then the batch norm's γ and β
func.func @case127(%w: tensor<4x3x3x3xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{expects 3 operand(s) for depth_bn groups, found 2}}
  %0 = ssl.group_lasso depth_bn %w, %g {lambda = 1.0 : f32} : tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<f32>
  return
}
