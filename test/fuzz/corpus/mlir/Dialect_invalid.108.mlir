
// conv2d_grad_input: attributes
func.func @case104(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), found 3}}
  %0 = ssl.conv2d_grad_input %dy, %w {pads = array<i64: 0, 0, 0>} : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}
