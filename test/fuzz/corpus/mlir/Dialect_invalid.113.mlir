
// relu_grad: shapes (ODS)
func.func @case109(%dy: tensor<4xf32>, %x: tensor<5xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.relu_grad"(%dy, %x) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}
