
ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // expected-error @+1 {{'ssl.hard_swish' op has no gradient rule}}
  %z = ssl.hard_swish %y : tensor<4x2xf32>
  return %z : tensor<4x2xf32>
}
