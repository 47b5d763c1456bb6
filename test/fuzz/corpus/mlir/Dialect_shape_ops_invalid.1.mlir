
// pad: count of pads
func.func @pad_count(%x: tensor<1x3x5x6xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right) >= 0, found [1, 1]}}
  %0 = ssl.pad %x {pads = array<i64: 1, 1>} : tensor<1x3x5x6xf32> -> tensor<1x3x7x8xf32>
  return
}
