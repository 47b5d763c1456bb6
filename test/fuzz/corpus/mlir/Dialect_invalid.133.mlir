
// group_shrink: one weight for every kind but depth_bn
func.func @case129(%lr: tensor<f32>, %w: tensor<4x3x3x3xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{expects 1 operand(s) for filter groups, found 2}}
  %0:2 = ssl.group_shrink filter %lr, %w, %g {lambda = 1.0 : f32} : tensor<f32>, tensor<4x3x3x3xf32>, tensor<4xf32>
  return
}
