
// dense_grad_input: output features
func.func @case94(%dy: tensor<2x4xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{expects weight with 4 output features, found 5}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<2x4xf32>, tensor<5x6xf32>) -> tensor<2x6xf32>
  return
}
