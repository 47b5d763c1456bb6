
// dense_grad_weight: input rank
func.func @case96(%x: tensor<2x6x1xf32>, %dy: tensor<2x4xf32>) {
  // expected-error @+1 {{expects a rank-2 input [N, K], found rank 3}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6x1xf32>, tensor<2x4xf32>) -> tensor<4x6xf32>
  return
}
