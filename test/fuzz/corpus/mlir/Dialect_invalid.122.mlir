
// global_avg_pool_grad: grad_output
func.func @case118(%dy: tensor<1x4xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x4x1x1xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x4xf32>'}}
  %0 = ssl.global_avg_pool_grad %dy : tensor<1x4xf32> -> tensor<1x4x8x8xf32>
  return
}
