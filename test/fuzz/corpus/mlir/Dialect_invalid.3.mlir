
// dense: bias rank
func.func @case3(%x: tensor<4x6xf32>, %w: tensor<5x6xf32>, %b: tensor<5x1xf32>) {
  // expected-error @+1 {{expects a rank-1 bias [M], found rank 2}}
  %0 = ssl.dense %x, %w, %b : (tensor<4x6xf32>, tensor<5x6xf32>, tensor<5x1xf32>) -> tensor<4x5xf32>
  return
}
