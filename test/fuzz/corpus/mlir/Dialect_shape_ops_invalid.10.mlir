
// slice: result shape
func.func @slice_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{tensor<1x3x4x4xf32>}}
  %0 = ssl.slice %x {begin = 1 : i64, end = 4 : i64} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}
