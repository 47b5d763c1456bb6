
// global_avg_pool_grad: result rank
func.func @case117(%dy: tensor<1x4x1x1xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_input [N, C, H, W], found rank 3}}
  %0 = ssl.global_avg_pool_grad %dy : tensor<1x4x1x1xf32> -> tensor<1x4x8xf32>
  return
}
