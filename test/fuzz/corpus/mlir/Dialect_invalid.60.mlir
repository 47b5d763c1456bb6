
// global_avg_pool: input rank
func.func @case60(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 2}}
  %0 = ssl.global_avg_pool %x : tensor<4x8xf32> -> tensor<4x1x1xf32>
  return
}
