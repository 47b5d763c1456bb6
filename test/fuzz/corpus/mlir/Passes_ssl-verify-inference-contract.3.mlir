
ml_program.global private mutable @w : tensor<4x3xf32>
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{expects parameter @w to have an initial value}}
  %w = ml_program.global_load @w : tensor<4x3xf32>
  %y = ssl.dense %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
