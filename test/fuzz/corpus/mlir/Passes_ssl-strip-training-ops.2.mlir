
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{is a training op whose result is used by the inference function}}
  %y = ssl.zero_small %x : tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}
