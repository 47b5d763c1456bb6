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

// -----

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

// -----

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

// -----

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

// -----

// A global of the counter's name that is not a mutable f32 scalar.
// expected-error @+1 {{'ml_program.global' op expects type 'tensor<f32>' and mutable for the dropout step counter}}
ml_program.global private @"ssl:dropout_step"(dense<0> : tensor<i64>) : tensor<i64>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %d = ssl.dropout %x : tensor<4x3xf32>
  return %d : tensor<4x3xf32>
}

// -----

ml_program.global private mutable @w(dense<0.5> : tensor<2x2xf32>) : tensor<2x2xf32>
func.func @main(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = ml_program.global_load @w : tensor<2x2xf32>
  // expected-error @+1 {{'ssl.shape_pruned_conv2d' op cannot be trained (train the Model IR with ssl.conv2d and ssl.batch_norm)}}
  %y = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 1, 1>, taps = dense<[[0, 0, 0], [2, 0, 0]]> : tensor<2x3xi64>}
      : (tensor<1x3x4x4xf32>, tensor<2x2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // A softmax before the last one is part of the network, and has no VJP.
  // expected-error @+1 {{'ssl.softmax' op has no gradient rule, but a trained parameter reaches the loss through it}}
  %p = ssl.softmax %y : tensor<4x2xf32>
  %q = ssl.softmax %p : tensor<4x2xf32>
  return %q : tensor<4x2xf32>
}

// -----

// expected-error @+1 {{'func.func' op expects one block, one argument (the input batch) and one result (the logits), found 2 argument(s) and 1 result(s)}}
func.func @main(%x: tensor<4x3xf32>, %y: tensor<4x3xf32>) -> tensor<4x3xf32> {
  return %x : tensor<4x3xf32>
}

// -----

func.func @main(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  return %x : tensor<4x3xf32>
}
// expected-error @+1 {{'func.func' op already exists; ssl-derive-train-step adds @train_step}}
func.func @train_step(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  return %x : tensor<4x3xf32>
}
