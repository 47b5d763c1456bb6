
// dense_grad_weight: grad_output rank
func.func @case97(%x: tensor<2x6xf32>, %dy: tensor<8xf32>) {
  // expected-error @+1 {{expects a rank-2 grad_output [N, M], found rank 1}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6xf32>, tensor<8xf32>) -> tensor<4x6xf32>
  return
}
