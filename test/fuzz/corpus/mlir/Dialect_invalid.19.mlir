
// conv2d: bias rank
func.func @case19(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6x1xf32>) {
  // expected-error @+1 {{expects a rank-1 bias [O], found rank 2}}
  %0 = ssl.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6x1xf32>) -> tensor<1x6x6x6xf32>
  return
}
