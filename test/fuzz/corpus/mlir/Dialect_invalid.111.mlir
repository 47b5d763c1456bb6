
// conv2d_grad_weight: groups
func.func @case107(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{expects grad_weight with 2 input channels per group, found 4}}
  %0 = ssl.conv2d_grad_weight %x, %dy {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>) -> tensor<6x4x3x3xf32>
  return
}
