
// conv2d: dilated kernel larger than the padded input
func.func @case21(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects padded input height >= dilated kernel height 9, found 8}}
  %0 = ssl.conv2d %x, %w {dilations = array<i64: 4, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x1x6xf32>
  return
}
