
// dense: bias shape
func.func @case4(%x: tensor<4x6xf32>, %w: tensor<5x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{expects bias of shape [5], found [6]}}
  %0 = ssl.dense %x, %w, %b : (tensor<4x6xf32>, tensor<5x6xf32>, tensor<6xf32>) -> tensor<4x5xf32>
  return
}
