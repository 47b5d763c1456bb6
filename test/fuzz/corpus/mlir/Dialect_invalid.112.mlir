
// conv2d_grad_weight: grad_output
func.func @case108(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x6x4x4xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.conv2d_grad_weight %x, %dy : (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>) -> tensor<6x4x5x5xf32>
  return
}
