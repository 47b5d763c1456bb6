
// Before the first trained parameter no gradient is needed.
// CHECK-LABEL: func.func @train_step
// CHECK:         ssl.clip
// CHECK:         ssl.dense_grad_weight
ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %c = ssl.clip %x {min = -1.0 : f32, max = 1.0 : f32} : tensor<4x3xf32>
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %c, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
