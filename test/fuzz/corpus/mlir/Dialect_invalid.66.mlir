
// softmax: rank
func.func @case66(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{expects a rank-2 input [N, K], found rank 3}}
  %0 = ssl.softmax %x : tensor<2x3x4xf32>
  return
}
