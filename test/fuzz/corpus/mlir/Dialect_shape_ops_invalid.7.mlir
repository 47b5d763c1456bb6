
// slice: empty range
func.func @slice_empty(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects 0 <= begin < end <= 8 channels, found [4, 4)}}
  %0 = ssl.slice %x {begin = 4 : i64, end = 4 : i64} : tensor<1x8x4x4xf32> -> tensor<1x0x4x4xf32>
  return
}
