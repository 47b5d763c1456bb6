
// max_pool2d: kernel range
func.func @case51(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects kernel sizes >= 1, found [0, 2]}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 0, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}
