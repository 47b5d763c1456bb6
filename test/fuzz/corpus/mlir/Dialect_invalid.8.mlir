
// conv2d: weight rank
func.func @case8(%x: tensor<1x4x8x8xf32>, %w: tensor<6x36xf32>) {
  // expected-error @+1 {{expects a rank-4 weight [O, C/groups, KH, KW], found rank 2}}
  %0 = ssl.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<6x36xf32>) -> tensor<1x6x6x6xf32>
  return
}
