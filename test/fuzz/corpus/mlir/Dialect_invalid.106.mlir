
// conv2d_grad_input: result rank
func.func @case102(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_input [N, C, H, W], found rank 3}}
  %0 = ssl.conv2d_grad_input %dy, %w : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<4x8x8xf32>
  return
}
