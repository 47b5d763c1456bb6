
// bias_grad: result type
func.func @case101(%dy: tensor<2x4x5x5xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<4xf32>', found 'tensor<2xf32>'}}
  %0 = ssl.bias_grad %dy : tensor<2x4x5x5xf32> -> tensor<2xf32>
  return
}
