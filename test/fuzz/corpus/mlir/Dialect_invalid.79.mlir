
// softmax_cross_entropy: class indices batch
func.func @case76(%l: tensor<8x10xf32>, %y: tensor<4xi64>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<4xi64>'}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<4xi64>) -> tensor<f32>
  return
}
