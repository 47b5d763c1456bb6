
// mul: only the second operand broadcasts
func.func @mul_lhs_broadcast(%g: tensor<2x16x1x1xf32>, %x: tensor<2x16x8x8xf32>) {
  // expected-error @+1 {{expects rhs of size 1 or 1 along axis 2 to broadcast to lhs [2, 16, 1, 1], found [2, 16, 8, 8]}}
  %0 = "ssl.mul"(%g, %x) : (tensor<2x16x1x1xf32>, tensor<2x16x8x8xf32>) -> tensor<2x16x1x1xf32>
  return
}
