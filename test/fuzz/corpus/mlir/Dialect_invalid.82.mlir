
// softmax_cross_entropy: scalar loss (ODS)
func.func @case79(%l: tensor<8x10xf32>, %y: tensor<8xi64>) {
  // expected-error @+1 {{result #0 must be 0D tensor of 32-bit float values}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<1xf32>
  return
}
