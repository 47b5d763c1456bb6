
// channel_shuffle: groups must divide the channels
func.func @shuffle_groups(%x: tensor<1x10x4x4xf32>) {
  // expected-error @+1 {{expects groups >= 1 dividing the 10 channels, found 3}}
  %0 = ssl.channel_shuffle %x {groups = 3 : i64} : tensor<1x10x4x4xf32>
  return
}
