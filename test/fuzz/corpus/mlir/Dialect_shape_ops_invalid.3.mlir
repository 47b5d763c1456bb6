
// pad: result shape
func.func @pad_result(%x: tensor<1x3x5x6xf32>) {
  // expected-error @+1 {{tensor<1x3x7x8xf32>}}
  %0 = ssl.pad %x {pads = array<i64: 1, 1, 1, 1>} : tensor<1x3x5x6xf32> -> tensor<1x3x7x7xf32>
  return
}
