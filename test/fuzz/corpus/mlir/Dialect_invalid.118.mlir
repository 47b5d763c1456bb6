
// max_pool2d_grad: grad_output
func.func @case114(%dy: tensor<1x4x4x4xf32>, %x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x4x7x7xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.max_pool2d_grad %dy, %x {kernel = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}
