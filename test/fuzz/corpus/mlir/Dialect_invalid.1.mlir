
// dense: weight rank
func.func @case1(%x: tensor<4x6xf32>, %w: tensor<5xf32>) {
  // expected-error @+1 {{expects a rank-2 weight [M, K], found rank 1}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return
}
