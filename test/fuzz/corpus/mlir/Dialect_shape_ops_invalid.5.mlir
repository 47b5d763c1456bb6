
// channel_shuffle: groups >= 1
func.func @shuffle_zero(%x: tensor<1x10x4x4xf32>) {
  // expected-error @+1 {{expects groups >= 1 dividing the 10 channels, found 0}}
  %0 = ssl.channel_shuffle %x {groups = 0 : i64} : tensor<1x10x4x4xf32>
  return
}
