
// conv2d_grad_weight: result rank
func.func @case106(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_weight [O, C/groups, KH, KW], found rank 2}}
  %0 = ssl.conv2d_grad_weight %x, %dy : (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>) -> tensor<6x36xf32>
  return
}
