
// softmax_cross_entropy: f32 class indices
func.func @case78(%l: tensor<8x10xf32>, %y: tensor<8xf32>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<8xf32>'}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<8xf32>) -> tensor<f32>
  return
}
