
// sgd_momentum: weight decay
func.func @case87(%w: tensor<10xf32>, %g: tensor<10xf32>, %v: tensor<10xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{expects weight_decay >= 0, found -0.0001}}
  %0:2 = ssl.sgd_momentum %w, %g, %v, %lr {weight_decay = -1.0e-4 : f32} : tensor<10xf32>, tensor<f32>
  return
}
