
// layer_norm: epsilon must be positive
func.func @layer_norm_epsilon(%x: tensor<2x96xf32>, %g: tensor<96xf32>) {
  // expected-error @+1 {{'ssl.layer_norm' op expects epsilon > 0, found 0}}
  %0 = ssl.layer_norm %x, %g, %g {epsilon = 0.0 : f32} : (tensor<2x96xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<2x96xf32>
  return
}
