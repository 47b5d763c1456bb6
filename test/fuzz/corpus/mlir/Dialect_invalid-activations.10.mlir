
// mul: the result has the type of lhs (ODS)
func.func @mul_result(%x: tensor<2x16x8x8xf32>, %g: tensor<2x16x1x1xf32>) {
  // expected-error @+1 {{all of {lhs, output} have same type}}
  %0 = "ssl.mul"(%x, %g) : (tensor<2x16x8x8xf32>, tensor<2x16x1x1xf32>) -> tensor<2x16x1x1xf32>
  return
}
