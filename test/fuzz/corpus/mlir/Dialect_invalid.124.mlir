
// flatten_grad: grad_output
func.func @case120(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<4x12xf32>' (the forward output for 'tensor<4x2x2x3xf32>'), found 'tensor<4x8xf32>'}}
  %0 = ssl.flatten_grad %dy : tensor<4x8xf32> -> tensor<4x2x2x3xf32>
  return
}
