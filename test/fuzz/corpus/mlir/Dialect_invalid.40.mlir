
// batch_norm: input rank
func.func @case40(%x: tensor<16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects an input of rank >= 2 with channels on axis 1, found rank 1}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return
}
