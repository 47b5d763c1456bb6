
// dropout: step rank (ODS)
func.func @case68a(%x: tensor<2x3xf32>, %step: tensor<1xf32>) {
  // expected-error @+1 {{operand #1 must be 0D tensor of 32-bit float values}}
  %0 = ssl.dropout %x, %step : tensor<2x3xf32>, tensor<1xf32>
  return
}
