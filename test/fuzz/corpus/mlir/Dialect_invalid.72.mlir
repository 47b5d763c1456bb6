
// concat: no inputs
func.func @case69() {
  // expected-error @+1 {{expects at least one input, found none}}
  %0 = ssl.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}
