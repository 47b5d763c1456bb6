
// batch_norm: per-channel rank
func.func @case42(%x: tensor<8x16x4x4xf32>, %g: tensor<16x1xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects gamma of shape [16], found [16, 1]}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16x1xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x4x4xf32>
  return
}
