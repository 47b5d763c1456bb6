
// layer_norm: the channels are on axis 1 of a tensor of rank >= 2
func.func @layer_norm_rank(%x: tensor<96xf32>, %g: tensor<96xf32>) {
  // expected-error @+1 {{'ssl.layer_norm' op expects an input of rank >= 2 with channels on axis 1, found rank 1}}
  %0 = ssl.layer_norm %x, %g, %g : (tensor<96xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<96xf32>
  return
}
