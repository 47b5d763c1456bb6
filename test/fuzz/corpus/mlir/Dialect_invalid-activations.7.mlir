
// mul: rank of the broadcast operand
func.func @mul_rank(%x: tensor<2x16x8x8xf32>, %g: tensor<2x16xf32>) {
  // expected-error @+1 {{'ssl.mul' op expects rhs of rank 4 (the rank of lhs [2, 16, 8, 8]), found [2, 16]}}
  %0 = ssl.mul %x, %g : tensor<2x16x8x8xf32>, tensor<2x16xf32>
  return
}
