
// concat: result type
func.func @case74(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<2x7xf32>', found 'tensor<2x6xf32>'}}
  %0 = ssl.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x6xf32>
  return
}
