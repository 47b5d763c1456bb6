
// A residual sum sends its gradient down both paths; the two gradients of
// the shared input are summed, and a parameter loaded twice gets one update.
// CHECK-LABEL: func.func @train_step
// CHECK:         %[[W:.*]] = ml_program.global_load @w
// CHECK:         %[[A:.*]] = ssl.dense %{{.*}}, %[[W]]
// CHECK:         %[[W2:.*]] = ml_program.global_load @w
// CHECK:         %[[B:.*]] = ssl.dense %[[A]], %[[W2]]
// CHECK:         %[[S:.*]] = ssl.add %[[A]], %[[B]]
// CHECK:         %[[SEED:.*]] = ssl.softmax_cross_entropy_grad %[[S]]
// CHECK:         %[[DA:.*]] = ssl.dense_grad_input %[[SEED]], %[[W2]]
// CHECK:         %[[DW2:.*]] = ssl.dense_grad_weight %[[A]], %[[SEED]]
// CHECK:         %[[DASUM:.*]] = ssl.add %[[SEED]], %[[DA]]
// CHECK:         %[[DW1:.*]] = ssl.dense_grad_weight %{{.*}}, %[[DASUM]]
// CHECK:         %[[DW:.*]] = ssl.add %[[DW1]], %[[DW2]]
// CHECK:         ssl.sgd_momentum %[[W]], %{{.*}}
// CHECK-NOT:     ssl.sgd_momentum
ml_program.global private mutable @w(dense<0.5> : tensor<3x3xf32>) : tensor<3x3xf32>
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %w = ml_program.global_load @w : tensor<3x3xf32>
  %a = ssl.dense %x, %w : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  %w2 = ml_program.global_load @w : tensor<3x3xf32>
  %b = ssl.dense %a, %w2 : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x3xf32>
  %s = ssl.add %a, %b : tensor<2x3xf32>
  return %s : tensor<2x3xf32>
}
