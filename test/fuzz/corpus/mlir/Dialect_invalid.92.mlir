
// sgd_momentum: operand shapes (ODS)
func.func @case89(%w: tensor<10xf32>, %g: tensor<9xf32>, %v: tensor<10xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{failed to verify that all of {param, grad, velocity, new_param, new_velocity} have same type}}
  %0:2 = "ssl.sgd_momentum"(%w, %g, %v, %lr) : (tensor<10xf32>, tensor<9xf32>, tensor<10xf32>, tensor<f32>) -> (tensor<10xf32>, tensor<10xf32>)
  return
}
