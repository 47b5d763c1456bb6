
// batch_norm: per-channel shape
func.func @case41(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{expects variance of shape [16], found [8]}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<8xf32>) -> tensor<8x16x4x4xf32>
  return
}
