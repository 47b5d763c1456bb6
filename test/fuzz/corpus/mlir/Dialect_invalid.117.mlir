
// max_pool2d_grad: attributes
func.func @case113(%dy: tensor<1x4x4x4xf32>, %x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 kernel sizes, found 1}}
  %0 = ssl.max_pool2d_grad %dy, %x {kernel = array<i64: 2>} : (tensor<1x4x4x4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}
