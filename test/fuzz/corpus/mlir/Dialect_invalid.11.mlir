
// conv2d: dilation count
func.func @case11(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects 2 dilations, found 1}}
  %0 = ssl.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}
