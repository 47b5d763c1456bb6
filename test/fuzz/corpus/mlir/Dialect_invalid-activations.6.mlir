
// hard_swish: result type (ODS)
func.func @hard_swish_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.hard_swish' op requires the same type for all operands and results}}
  %0 = "ssl.hard_swish"(%x) : (tensor<1x4xf32>) -> tensor<4x1xf32>
  return
}
