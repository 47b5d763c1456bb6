
// dropout: negative ratio
func.func @case68(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects ratio in [0, 1), found -0.5}}
  %0 = ssl.dropout %x {ratio = -0.5 : f32} : tensor<2x3xf32>
  return
}
