
// avg_pool2d_grad: grad_output
func.func @case116(%dy: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x4x5x5xf32>' (the forward output for 'tensor<1x4x9x9xf32>'), found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x4x4x4xf32> -> tensor<1x4x9x9xf32>
  return
}
