
// max_pool2d: pads smaller than the kernel
func.func @case54(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects pads < kernel [2, 3] (top, left, bottom, right), found [0, 0, 0, 3]}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 3>, pads = array<i64: 0, 0, 0, 3>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x9xf32>
  return
}
