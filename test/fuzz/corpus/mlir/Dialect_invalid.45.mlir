
// batch_norm_train: running statistics
func.func @case45(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<4xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects running_mean of shape [16], found [4]}}
  %0:5 = ssl.batch_norm_train %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<4xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}
