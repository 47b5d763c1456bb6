
// concat_grad: grad_output
func.func @case124(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<4x9xf32>' (the forward output for the result types), found 'tensor<4x8xf32>'}}
  %0:2 = ssl.concat_grad %dy {axis = 1 : i64} : tensor<4x8xf32> -> tensor<4x4xf32>, tensor<4x5xf32>
  return
}
