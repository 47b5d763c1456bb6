
// dropout: ratio
func.func @case67(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects ratio in [0, 1), found 1}}
  %0 = ssl.dropout %x {ratio = 1.0 : f32} : tensor<2x3xf32>
  return
}
