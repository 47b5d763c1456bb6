
// concat_grad: no results
func.func @case121(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects at least one result, found none}}
  "ssl.concat_grad"(%dy) <{axis = 0 : i64}> : (tensor<4x8xf32>) -> ()
  return
}
