
// A small conv net: the conv weight takes the five convolution terms, batch
// norm trains on batch statistics and writes its running estimates back,
// the trailing softmax is dropped, and the gradient flows back through
// dense, flatten, max pooling, relu and batch norm to the conv weight.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME:    (%[[X:.*]]: tensor<2x2x5x5xf32>, %[[LABELS:.*]]: tensor<2xi64>, %[[LR:.*]]: tensor<f32>) -> tensor<f32>
// CHECK:         %[[W:.*]] = ml_program.global_load @conv1.weight
// CHECK:         %[[C:.*]] = ssl.conv2d %[[X]], %[[W]] {pads = array<i64: 1, 1, 1, 1>}
// CHECK:         %[[BN:.*]], %[[BM:.*]], %[[BV:.*]], %[[RM:.*]], %[[RV:.*]] = ssl.batch_norm_train %[[C]]
// CHECK:         %[[R:.*]] = ssl.relu %[[BN]]
// CHECK:         %[[P:.*]] = ssl.max_pool2d %[[R]]
// CHECK:         %[[F:.*]] = ssl.flatten %[[P]]
// CHECK:         %[[LOGITS:.*]] = ssl.dense %[[F]], %[[FW:.*]], %{{.*}} :
// CHECK-NOT:     ssl.softmax %
// CHECK:         ssl.softmax_cross_entropy %[[LOGITS]], %[[LABELS]]
// CHECK:         ssl.group_lasso filter %[[W]] {lambda = 1.000000e-01 : f32}
// CHECK:         ssl.group_lasso channel %[[W]] {lambda = 2.000000e-01 : f32}
// CHECK:         ssl.group_lasso shape %[[W]] {lambda = 3.000000e-01 : f32}
// CHECK:         ssl.group_lasso kernel2d %[[W]] {lambda = 4.000000e-01 : f32}
// CHECK:         ssl.group_lasso depth %[[W]] {lambda = 5.000000e-01 : f32}
// CHECK-NOT:     ssl.group_lasso {{row|column}} %[[W]]
// CHECK:         ssl.group_lasso row %[[FW]]
// CHECK:         ssl.group_lasso column %[[FW]]
// CHECK:         %[[SEED:.*]] = ssl.softmax_cross_entropy_grad %[[LOGITS]], %[[LABELS]]
// CHECK:         %[[DF:.*]] = ssl.dense_grad_input %[[SEED]], %[[FW]]
// CHECK:         ssl.dense_grad_weight %[[F]], %[[SEED]]
// CHECK:         ssl.bias_grad %[[SEED]]
// CHECK:         %[[DP:.*]] = ssl.flatten_grad %[[DF]] : tensor<2x12xf32> -> tensor<2x3x2x2xf32>
// CHECK:         %[[DR:.*]] = ssl.max_pool2d_grad %[[DP]], %[[R]] {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
// CHECK:         %[[DBN:.*]] = ssl.relu_grad %[[DR]], %[[BN]]
// CHECK:         %[[DC:.*]], %[[DGAMMA:.*]], %[[DBETA:.*]] = ssl.batch_norm_grad %[[DBN]], %[[C]], %{{.*}}, %[[BM]], %[[BV]]
// CHECK-NOT:     ssl.conv2d_grad_input
// CHECK:         %[[DW:.*]] = ssl.conv2d_grad_weight %[[X]], %[[DC]] {pads = array<i64: 1, 1, 1, 1>}
// CHECK-COUNT-5: ssl.group_lasso_grad
// CHECK:         ssl.sgd_momentum %[[W]]
// CHECK:         ssl.sgd_momentum %{{.*}}, %[[DGAMMA]]
// CHECK:         ssl.sgd_momentum %{{.*}}, %[[DBETA]]
// CHECK:         ssl.zero_small
// CHECK:         global_store @conv1.weight =
// CHECK:         ml_program.global_store @bn1.running_mean = %[[RM]]
// CHECK:         ml_program.global_store @bn1.running_var = %[[RV]]
// CHECK-NOT:     momentum_buffer = %[[RM]]
// FINETUNE-LABEL: func.func @train_step
// FINETUNE:       ml_program.global_load_const @conv1.weight.mask
// FINETUNE:       ml_program.global_load_const @fc.weight.mask
// FINETUNE-NOT:   bn1.weight.mask
ml_program.global private mutable @"conv1.weight"(dense<0.5> : tensor<3x2x3x3xf32>) : tensor<3x2x3x3xf32>
ml_program.global private mutable @"bn1.weight"(dense<1.0> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @"bn1.bias"(dense<0.0> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @"bn1.running_mean"(dense<0.0> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @"bn1.running_var"(dense<1.0> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @"fc.weight"(dense<0.25> : tensor<4x12xf32>) : tensor<4x12xf32>
ml_program.global private mutable @"fc.bias"(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
func.func @main(%x: tensor<2x2x5x5xf32>) -> tensor<2x4xf32> {
  %w = ml_program.global_load @"conv1.weight" : tensor<3x2x3x3xf32>
  %c = ssl.conv2d %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<2x3x5x5xf32>
  %g = ml_program.global_load @"bn1.weight" : tensor<3xf32>
  %b = ml_program.global_load @"bn1.bias" : tensor<3xf32>
  %m = ml_program.global_load @"bn1.running_mean" : tensor<3xf32>
  %v = ml_program.global_load @"bn1.running_var" : tensor<3xf32>
  %n = ssl.batch_norm %c, %g, %b, %m, %v : (tensor<2x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x5x5xf32>
  %r = ssl.relu %n : tensor<2x3x5x5xf32>
  %p = ssl.max_pool2d %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<2x3x5x5xf32> -> tensor<2x3x2x2xf32>
  %f = ssl.flatten %p : tensor<2x3x2x2xf32> -> tensor<2x12xf32>
  %fw = ml_program.global_load @"fc.weight" : tensor<4x12xf32>
  %fb = ml_program.global_load @"fc.bias" : tensor<4xf32>
  %y = ssl.dense %f, %fw, %fb : (tensor<2x12xf32>, tensor<4x12xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %s = ssl.softmax %y : tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}
