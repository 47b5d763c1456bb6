
// dense_grad_input: weight rank
func.func @case93(%dy: tensor<2x4xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{expects a rank-2 weight [M, K], found rank 1}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}
