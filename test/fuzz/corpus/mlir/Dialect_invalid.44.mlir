
// batch_norm: result type (ODS)
func.func @case44(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, output} have same type}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x2x2xf32>
  return
}
