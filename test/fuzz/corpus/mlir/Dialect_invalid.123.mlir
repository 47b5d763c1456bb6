
// flatten_grad: result rank
func.func @case119(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects grad_input of rank >= 2, found rank 1}}
  %0 = ssl.flatten_grad %dy : tensor<4x8xf32> -> tensor<32xf32>
  return
}
