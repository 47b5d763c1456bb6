
// concat_grad: axis
func.func @case122(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects axis in [0, 2), found 2}}
  %0:2 = ssl.concat_grad %dy {axis = 2 : i64} : tensor<4x8xf32> -> tensor<4x4xf32>, tensor<4x4xf32>
  return
}
