
// sgd_momentum: momentum
func.func @case86(%w: tensor<10xf32>, %g: tensor<10xf32>, %v: tensor<10xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{expects momentum in [0, 1), found 1}}
  %0:2 = ssl.sgd_momentum %w, %g, %v, %lr {momentum = 1.0 : f32} : tensor<10xf32>, tensor<f32>
  return
}
