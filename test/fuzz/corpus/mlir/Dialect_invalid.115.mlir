
// batch_norm_grad: epsilon
func.func @case111(%dy: tensor<8x16x4x4xf32>, %x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects epsilon > 0, found 0}}
  %0:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v {epsilon = 0.0 : f32} : (tensor<8x16x4x4xf32>, tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}
