
// bias_grad: rank
func.func @case100(%dy: tensor<2x4x5xf32>) {
  // expected-error @+1 {{expects grad_output of rank 2 [N, M] or 4 [N, O, OH, OW], found rank 3}}
  %0 = ssl.bias_grad %dy : tensor<2x4x5xf32> -> tensor<4xf32>
  return
}
