
// A dropout in training form (with its step counter) is the identity too.
// CHECK-LABEL: func.func @main
// CHECK-NOT:     ssl.dropout
// CHECK:         return %arg0
func.func @main(%x: tensor<4x3xf32>, %step: tensor<f32>) -> tensor<4x3xf32> {
  %d = ssl.dropout %x, %step {ratio = 0.5 : f32} : tensor<4x3xf32>, tensor<f32>
  return %d : tensor<4x3xf32>
}
