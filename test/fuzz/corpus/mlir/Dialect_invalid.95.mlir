
// next_step: a scalar counter (ODS)
func.func @case91a(%step: tensor<1xf32>) {
  // expected-error @+1 {{operand #0 must be 0D tensor of 32-bit float values}}
  %0 = ssl.next_step %step : tensor<1xf32>
  return
}
