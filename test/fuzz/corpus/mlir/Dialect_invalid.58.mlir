
// avg_pool2d: pad range
func.func @case58(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects pads >= 0, found [0, -1, 0, 0]}}
  %0 = ssl.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, -1, 0, 0>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x6xf32>
  return
}
