
// dense: result type
func.func @case5(%x: tensor<4x6xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<4x5xf32>', found 'tensor<4x6xf32>'}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf32>, tensor<5x6xf32>) -> tensor<4x6xf32>
  return
}
