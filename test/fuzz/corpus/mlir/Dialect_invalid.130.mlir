
// softmax_cross_entropy_grad: logits rank
func.func @case126(%l: tensor<8x10x1xf32>, %y: tensor<8xi64>) {
  // expected-error @+1 {{expects a rank-2 logits [N, K], found rank 3}}
  %0 = ssl.softmax_cross_entropy_grad %l, %y : (tensor<8x10x1xf32>, tensor<8xi64>) -> tensor<8x10x1xf32>
  return
}
