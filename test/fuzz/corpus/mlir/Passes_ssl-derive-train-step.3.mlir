
// Dropout: a step counter, created 0 and kept apart from the parameters,
// is loaded first, passed to every forward dropout and to the dropout of
// the gradient (the same mask), and advanced last. The input dropout gets
// no backward dropout: nothing trained lies before it. @main keeps its
// dropouts without a step.
// CHECK-LABEL: ml_program.global private mutable @fc2.bias.momentum_buffer(
// CHECK-NEXT:  ml_program.global private mutable @"ssl:dropout_step"(dense<0.000000e+00> : tensor<f32>) : tensor<f32>
// CHECK-LABEL: func.func @main
// CHECK:         ssl.dropout %{{[^,]*}} : tensor<4x3xf32>
// CHECK:         ssl.dropout %{{[^,]*}} {ratio = 2.500000e-01 : f32, seed = 3 : i64} : tensor<4x5xf32>
// CHECK-LABEL: func.func @train_step
// CHECK-SAME:    (%[[X:[^:]*]]: tensor<4x3xf32>
// CHECK-NEXT:    %[[STEP:.*]] = ml_program.global_load @"ssl:dropout_step" : tensor<f32>
// CHECK:         ssl.dropout %[[X]], %[[STEP]] : tensor<4x3xf32>, tensor<f32>
// CHECK:         %[[H:.*]] = ssl.relu
// CHECK:         %[[D:.*]] = ssl.dropout %[[H]], %[[STEP]] {ratio = 2.500000e-01 : f32, seed = 3 : i64} : tensor<4x5xf32>, tensor<f32>
// CHECK:         %[[SEED:.*]] = ssl.softmax_cross_entropy_grad
// CHECK:         %[[DD:.*]] = ssl.dense_grad_input %[[SEED]], %{{.*}}
// CHECK:         %[[DH:.*]] = ssl.dropout %[[DD]], %[[STEP]] {ratio = 2.500000e-01 : f32, seed = 3 : i64} : tensor<4x5xf32>, tensor<f32>
// CHECK:         ssl.relu_grad %[[DH]], %{{.*}}
// CHECK-NOT:     ssl.dropout
// CHECK:         global_store @fc2.bias.momentum_buffer
// CHECK-NEXT:    %[[NEXT:.*]] = ssl.next_step %[[STEP]] : tensor<f32>
// CHECK-NEXT:    ml_program.global_store @"ssl:dropout_step" = %[[NEXT]] : tensor<f32>
// CHECK-NEXT:    return
ml_program.global private mutable @"fc1.weight"(dense<0.5> : tensor<5x3xf32>) : tensor<5x3xf32>
ml_program.global private mutable @"fc2.weight"(dense<0.25> : tensor<2x5xf32>) : tensor<2x5xf32>
ml_program.global private mutable @"fc2.bias"(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %d0 = ssl.dropout %x : tensor<4x3xf32>
  %w1 = ml_program.global_load @"fc1.weight" : tensor<5x3xf32>
  %h = ssl.dense %d0, %w1 : (tensor<4x3xf32>, tensor<5x3xf32>) -> tensor<4x5xf32>
  %r = ssl.relu %h : tensor<4x5xf32>
  %d1 = ssl.dropout %r {ratio = 0.25 : f32, seed = 3} : tensor<4x5xf32>
  %w2 = ml_program.global_load @"fc2.weight" : tensor<2x5xf32>
  %b2 = ml_program.global_load @"fc2.bias" : tensor<2xf32>
  %y = ssl.dense %d1, %w2, %b2 : (tensor<4x5xf32>, tensor<2x5xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}
