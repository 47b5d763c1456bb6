
// dense_grad_weight: batch
func.func @case98(%x: tensor<2x6xf32>, %dy: tensor<3x4xf32>) {
  // expected-error @+1 {{expects grad_output with 2 rows, found 3}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6xf32>, tensor<3x4xf32>) -> tensor<4x6xf32>
  return
}
