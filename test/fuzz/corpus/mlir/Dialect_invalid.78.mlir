
// softmax_cross_entropy: logits rank
func.func @case75(%l: tensor<8xf32>, %y: tensor<8xi64>) {
  // expected-error @+1 {{expects a rank-2 logits [N, K], found rank 1}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8xf32>, tensor<8xi64>) -> tensor<f32>
  return
}
