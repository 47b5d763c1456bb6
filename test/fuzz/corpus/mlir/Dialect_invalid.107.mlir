
// conv2d_grad_input: weight channels
func.func @case103(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects weight with 3 input channels per group, found 4}}
  %0 = ssl.conv2d_grad_input %dy, %w : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x3x8x8xf32>
  return
}
