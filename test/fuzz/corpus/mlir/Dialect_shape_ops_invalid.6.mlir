
// channel_shuffle: input rank
func.func @shuffle_rank(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 2}}
  %0 = ssl.channel_shuffle %x {groups = 2 : i64} : tensor<2x10xf32>
  return
}
