
// dense_grad_input: grad_output rank
func.func @case92(%dy: tensor<4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{expects a rank-2 grad_output [N, M], found rank 1}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<1x6xf32>
  return
}
