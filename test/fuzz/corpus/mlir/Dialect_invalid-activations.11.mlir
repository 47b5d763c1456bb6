
// layer_norm: gamma has one value per channel
func.func @layer_norm_gamma(%x: tensor<2x96x8x8xf32>, %g: tensor<95xf32>, %b: tensor<96xf32>) {
  // expected-error @+1 {{'ssl.layer_norm' op expects gamma of shape [96], found [95]}}
  %0 = ssl.layer_norm %x, %g, %b : (tensor<2x96x8x8xf32>, tensor<95xf32>, tensor<96xf32>) -> tensor<2x96x8x8xf32>
  return
}
