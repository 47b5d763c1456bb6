
// dense_grad_input: result type
func.func @case95(%dy: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<2x6xf32>', found 'tensor<2x4xf32>'}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x4xf32>
  return
}
