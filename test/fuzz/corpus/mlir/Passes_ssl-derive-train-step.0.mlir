// RUN: ssl-opt %s -split-input-file -verify-diagnostics \
// RUN:   --ssl-derive-train-step="row-lambda=0.01 column-lambda=0.02 filter-lambda=0.1 channel-lambda=0.2 shape-lambda=0.3 kernel2d-lambda=0.4 depth-lambda=0.5 weight-decay=0.0005" \
// RUN:   | FileCheck %s
// RUN: ssl-opt %s -split-input-file -verify-diagnostics \
// RUN:   --ssl-derive-train-step="finetune=true zero-threshold=0" \
// RUN:   | FileCheck %s --check-prefix=FINETUNE

// An MLP: the dense weight takes row and column terms, every parameter a
// zero velocity; @main is left as it was.
// CHECK-LABEL: ml_program.global private mutable @ip1.weight(
// CHECK-NEXT:  ml_program.global private mutable @ip1.weight.momentum_buffer(dense<0.000000e+00> : tensor<2x3xf32>)
// CHECK:       ml_program.global private mutable @ip1.bias.momentum_buffer(dense<0.000000e+00> : tensor<2xf32>)
// CHECK-NOT:   dropout_step
// CHECK-LABEL: func.func @main(%{{.*}}: tensor<4x3xf32>) -> tensor<4x2xf32>
// CHECK-NEXT:    global_load @ip1.weight
// CHECK-NEXT:    global_load @ip1.bias
// CHECK-NEXT:    ssl.dense
// CHECK-NEXT:    ssl.relu
// CHECK-NEXT:    return
// CHECK-LABEL: func.func @train_step
// CHECK-SAME:    (%[[X:.*]]: tensor<4x3xf32>, %[[LABELS:.*]]: tensor<4xi64>, %[[LR:.*]]: tensor<f32>) -> tensor<f32>
// CHECK:         %[[W:.*]] = ml_program.global_load @ip1.weight
// CHECK:         %[[B:.*]] = ml_program.global_load @ip1.bias
// CHECK:         %[[Y:.*]] = ssl.dense %[[X]], %[[W]], %[[B]]
// CHECK:         %[[LOGITS:.*]] = ssl.relu %[[Y]]
// CHECK:         %[[CE:.*]] = ssl.softmax_cross_entropy %[[LOGITS]], %[[LABELS]]
// CHECK:         %[[ROW:.*]] = ssl.group_lasso row %[[W]] {lambda = 0.00999999977 : f32}
// CHECK:         %[[L1:.*]] = ssl.add %[[CE]], %[[ROW]] : tensor<f32>
// CHECK:         %[[COL:.*]] = ssl.group_lasso column %[[W]] {lambda = 2.000000e-02 : f32}
// CHECK:         %[[LOSS:.*]] = ssl.add %[[L1]], %[[COL]] : tensor<f32>
// CHECK:         %[[SEED:.*]] = ssl.softmax_cross_entropy_grad %[[LOGITS]], %[[LABELS]]
// CHECK:         %[[DY:.*]] = ssl.relu_grad %[[SEED]], %[[Y]]
// CHECK-NOT:     ssl.dense_grad_input
// CHECK:         %[[DW:.*]] = ssl.dense_grad_weight %[[X]], %[[DY]]
// CHECK:         %[[DB:.*]] = ssl.bias_grad %[[DY]]
// CHECK:         %[[GROW:.*]] = ssl.group_lasso_grad row %[[W]]
// CHECK:         %[[G1:.*]] = ssl.add %[[DW]], %[[GROW]]
// CHECK:         %[[GCOL:.*]] = ssl.group_lasso_grad column %[[W]]
// CHECK:         %[[G:.*]] = ssl.add %[[G1]], %[[GCOL]]
// CHECK:         %[[V:.*]] = ml_program.global_load @ip1.weight.momentum_buffer
// CHECK:         %[[NW:.*]], %[[NV:.*]] = ssl.sgd_momentum %[[W]], %[[G]], %[[V]], %[[LR]] {weight_decay = 5.000000e-04 : f32}
// CHECK:         %[[VB:.*]] = ml_program.global_load @ip1.bias.momentum_buffer
// CHECK:         %[[NB:.*]], %[[NVB:.*]] = ssl.sgd_momentum %[[B]], %[[DB]], %[[VB]], %[[LR]]
// CHECK:         %[[Z:.*]] = ssl.zero_small %[[NW]] : tensor<2x3xf32>
// CHECK:         ml_program.global_store @ip1.weight = %[[Z]]
// CHECK:         ml_program.global_store @ip1.weight.momentum_buffer = %[[NV]]
// CHECK-NOT:     ssl.zero_small
// CHECK:         ml_program.global_store @ip1.bias = %[[NB]]
// CHECK:         ml_program.global_store @ip1.bias.momentum_buffer = %[[NVB]]
// CHECK-NOT:     ssl.next_step
// CHECK:         return %[[LOSS]] : tensor<f32>

// Fine-tuning freezes the initial zero of ip1.weight with a mask; the bias
// is not masked, and zero-threshold=0 drops ssl.zero_small.
// FINETUNE-LABEL: ml_program.global private mutable @ip1.weight(
// FINETUNE-NEXT:  ml_program.global private @ip1.weight.mask(dense<{{\[}}[1.000000e+00, 1.000000e+00, 1.000000e+00], [0.000000e+00, 1.000000e+00, 1.000000e+00]]> : tensor<2x3xf32>)
// FINETUNE-LABEL: func.func @train_step
// FINETUNE-NOT:   ssl.group_lasso
// FINETUNE-NOT:   ssl.zero_small
// FINETUNE:       %[[NW:.*]], %{{.*}} = ssl.sgd_momentum
// FINETUNE:       %[[M:.*]] = ml_program.global_load_const @ip1.weight.mask
// FINETUNE:       %[[MW:.*]] = ssl.apply_mask %[[NW]], %[[M]]
// FINETUNE:       ml_program.global_store @ip1.weight = %[[MW]]
// FINETUNE-NOT:   ssl.apply_mask
// FINETUNE:       return
ml_program.global private mutable @"ip1.weight"(dense<[[0.1, -0.2, 0.3], [0.0, 0.5, -0.6]]> : tensor<2x3xf32>) : tensor<2x3xf32>
ml_program.global private mutable @"ip1.bias"(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @"ip1.weight" : tensor<2x3xf32>
  %b = ml_program.global_load @"ip1.bias" : tensor<2xf32>
  %y = ssl.dense %x, %w, %b : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %r = ssl.relu %y : tensor<4x2xf32>
  return %r : tensor<4x2xf32>
}
