
// group_lasso: lambda
func.func @case82(%w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects lambda >= 0, found -1}}
  %0 = ssl.group_lasso depth %w {lambda = -1.0 : f32} : tensor<4x3x3x3xf32> -> tensor<f32>
  return
}
