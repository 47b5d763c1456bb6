
// concat: input ranks
func.func @case72(%a: tensor<2x3xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{expects input #1 of rank 2, found rank 1}}
  %0 = ssl.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return
}
