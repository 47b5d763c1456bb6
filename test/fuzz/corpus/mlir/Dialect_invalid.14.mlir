
// conv2d: dilation range
func.func @case14(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects dilations >= 1, found [1, 0]}}
  %0 = ssl.conv2d %x, %w {dilations = array<i64: 1, 0>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}
