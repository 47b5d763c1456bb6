
// batch_norm_grad: batch statistics
func.func @case110(%dy: tensor<8x16x4x4xf32>, %x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %m: tensor<8xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects batch_mean of shape [16], found [8]}}
  %0:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v : (tensor<8x16x4x4xf32>, tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<8xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}
