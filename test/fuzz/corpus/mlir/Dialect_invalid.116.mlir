
// batch_norm_grad: gradient shapes (ODS)
func.func @case112(%dy: tensor<8x16x2x2xf32>, %x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{failed to verify that all of {grad_output, input, grad_input} have same type}}
  %0:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v : (tensor<8x16x2x2xf32>, tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}
