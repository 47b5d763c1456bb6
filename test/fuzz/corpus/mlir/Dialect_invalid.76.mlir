
// concat: input sizes off the axis
func.func @case73(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{expects input #1 to have size 2 on axis 0, found 4}}
  %0 = ssl.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}
