
// slice: past the channels
func.func @slice_past(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects 0 <= begin < end <= 8 channels, found [4, 9)}}
  %0 = ssl.slice %x {begin = 4 : i64, end = 9 : i64} : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
  return
}
