
// conv2d_grad_input: grad_output
func.func @case105(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x6x3x3xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.conv2d_grad_input %dy, %w {strides = array<i64: 2, 2>} : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}
