
// dropout: step element type (ODS)
func.func @case68b(%x: tensor<2x3xf32>, %step: tensor<i64>) {
  // expected-error @+1 {{operand #1 must be 0D tensor of 32-bit float values}}
  %0 = ssl.dropout %x, %step : tensor<2x3xf32>, tensor<i64>
  return
}
