
// dense: input features
func.func @case2(%x: tensor<4x6xf32>, %w: tensor<5x7xf32>) {
  // expected-error @+1 {{expects weight with 6 input features, found 7}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf32>, tensor<5x7xf32>) -> tensor<4x5xf32>
  return
}
