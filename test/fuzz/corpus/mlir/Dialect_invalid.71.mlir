
// dropout: result type (ODS)
func.func @case68c(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, output} have same type}}
  %0 = "ssl.dropout"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}
