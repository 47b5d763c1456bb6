
// relu: result type (ODS)
func.func @case62(%x: tensor<4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.relu"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return
}
