
// mul: a size that is neither the lhs size nor 1
func.func @mul_size(%x: tensor<2x16x8x8xf32>, %g: tensor<2x8x1x1xf32>) {
  // expected-error @+1 {{expects rhs of size 1 or 16 along axis 1 to broadcast to lhs [2, 16, 8, 8], found [2, 8, 1, 1]}}
  %0 = ssl.mul %x, %g : tensor<2x16x8x8xf32>, tensor<2x8x1x1xf32>
  return
}
