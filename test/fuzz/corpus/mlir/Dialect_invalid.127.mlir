
// concat_grad: result sizes off the axis
func.func @case123(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects result #1 to have size 4 on axis 0, found 3}}
  %0:2 = ssl.concat_grad %dy {axis = 1 : i64} : tensor<4x8xf32> -> tensor<4x4xf32>, tensor<3x4xf32>
  return
}
