
// conv2d: result type
func.func @case22(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x6x3x3xf32>', found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}
