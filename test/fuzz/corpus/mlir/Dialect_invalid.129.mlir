
// softmax_cross_entropy_grad: labels
func.func @case125(%l: tensor<8x10xf32>, %y: tensor<8x10xi64>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<8x10xi64>'}}
  %0 = ssl.softmax_cross_entropy_grad %l, %y : (tensor<8x10xf32>, tensor<8x10xi64>) -> tensor<8x10xf32>
  return
}
