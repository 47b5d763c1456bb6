
// batch_norm_train: result type
func.func @case48(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects result #2 of type 'tensor<16xf32>', found 'tensor<8xf32>'}}
  %0:5 = ssl.batch_norm_train %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<8xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}
