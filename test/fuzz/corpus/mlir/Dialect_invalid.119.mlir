
// avg_pool2d_grad: result rank
func.func @case115(%dy: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_input [N, C, H, W], found rank 3}}
  %0 = ssl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x4xf32> -> tensor<4x8x8xf32>
  return
}
