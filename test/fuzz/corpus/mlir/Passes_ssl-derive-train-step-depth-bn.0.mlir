// depth_bn groups: each convolution of a residual branch with the γ and β
// of the batch norm after it; never the stem or a shortcut. `ssl-update`
// turns a kind's subgradient into a proximal step after the update.
// RUN: ssl-opt %s --ssl-derive-train-step="depth-bn-lambda=0.1 filter-lambda=0.2" \
// RUN:   | FileCheck %s
// RUN: ssl-opt %s --ssl-derive-train-step="depth-bn-lambda=0.1 filter-lambda=0.2 ssl-update=depth_bn=proximal" \
// RUN:   | FileCheck %s --check-prefix=PROX
// RUN: ssl-opt %s --ssl-derive-train-step="filter-lambda=0.2 ssl-update=proximal,filter=subgradient" \
// RUN:   | FileCheck %s --check-prefix=OVERRIDE
// RUN: not ssl-opt %s --ssl-derive-train-step="layer-lambdas=stem.depth_bn=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=STEM
// RUN: not ssl-opt %s --ssl-derive-train-step="ssl-update=depth_bn=sideways" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MODE
// RUN: not ssl-opt %s --ssl-derive-train-step="finetune=true finetune-mode=all" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FINETUNE-MODE

// CHECK-LABEL: func.func @train_step
// CHECK-DAG:     %[[W1:.*]] = ml_program.global_load @b.conv1.weight
// CHECK-DAG:     %[[G1:.*]] = ml_program.global_load @b.bn1.weight
// CHECK-DAG:     %[[B1:.*]] = ml_program.global_load @b.bn1.bias
// CHECK-DAG:     %[[W2:.*]] = ml_program.global_load @b.conv2.weight
// CHECK-DAG:     %[[G2:.*]] = ml_program.global_load @b.bn2.weight
// CHECK-DAG:     %[[B2:.*]] = ml_program.global_load @b.bn2.bias
// CHECK:         ssl.softmax_cross_entropy
// CHECK-DAG:     ssl.group_lasso depth_bn %[[W1]], %[[G1]], %[[B1]] {lambda = 1.000000e-01 : f32}
// CHECK-DAG:     ssl.group_lasso depth_bn %[[W2]], %[[G2]], %[[B2]] {lambda = 1.000000e-01 : f32}
// CHECK-NOT:     ssl.group_lasso depth_bn
// CHECK:         ssl.softmax_cross_entropy_grad
// CHECK:         %[[SUB:.*]]:3 = ssl.group_lasso_grad depth_bn %[[W1]], %[[G1]], %[[B1]]
// CHECK:         ssl.add %{{.*}}, %[[SUB]]#1
// CHECK:         ssl.add %{{.*}}, %[[SUB]]#2
// The affine of a regularized group is cut like its weight.
// CHECK:         %[[NG1:.*]], %{{.*}} = ssl.sgd_momentum %[[G1]]
// CHECK:         ssl.zero_small %[[NG1]]
// CHECK-NOT:     ssl.group_shrink

// PROX-LABEL: func.func @train_step
// PROX-NOT:     ssl.group_lasso_grad depth_bn
// PROX:         ssl.group_lasso_grad filter
// PROX:         %[[NW1:.*]], %{{.*}} = ssl.sgd_momentum %b.conv1.weight,
// PROX:         %[[NG1:.*]], %{{.*}} = ssl.sgd_momentum %b.bn1.weight,
// PROX:         %[[NB1:.*]], %{{.*}} = ssl.sgd_momentum %b.bn1.bias,
// PROX:         %[[S1:.*]]:3 = ssl.group_shrink depth_bn %arg2, %[[NW1]], %[[NG1]], %[[NB1]] {lambda = 1.000000e-01 : f32} : tensor<f32>, tensor<2x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>
// PROX:         ssl.group_shrink depth_bn %arg2
// PROX:         ssl.zero_small %[[S1]]#0
// PROX:         ml_program.global_store @b.conv1.weight

// OVERRIDE-LABEL: func.func @train_step
// OVERRIDE:         ssl.group_lasso_grad filter
// OVERRIDE-NOT:     ssl.group_shrink

// STEM: error: option 'layer-lambdas': 'stem.depth_bn' expects @stem.weight to be a convolution of a residual branch followed by a batch norm
// MODE: error: option 'ssl-update' expects subgradient, proximal or KIND=subgradient|proximal, found 'depth_bn=sideways'
// FINETUNE-MODE: error: option 'finetune-mode' expects elements or groups, found 'all'

ml_program.global private mutable @stem.weight(dense<0.5> : tensor<2x1x3x3xf32>) : tensor<2x1x3x3xf32>
ml_program.global private mutable @bn0.weight(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn0.bias(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn0.running_mean(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @bn0.running_var(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.conv1.weight(dense<0.25> : tensor<2x2x3x3xf32>) : tensor<2x2x3x3xf32>
ml_program.global private mutable @b.bn1.weight(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.bn1.bias(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.bn1.running_mean(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.bn1.running_var(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.conv2.weight(dense<0.25> : tensor<2x2x3x3xf32>) : tensor<2x2x3x3xf32>
ml_program.global private mutable @b.bn2.weight(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.bn2.bias(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.bn2.running_mean(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @b.bn2.running_var(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @fc.weight(dense<0.125> : tensor<3x32xf32>) : tensor<3x32xf32>
func.func @main(%x: tensor<2x1x4x4xf32>) -> tensor<2x3xf32> {
  %ws = ml_program.global_load @stem.weight : tensor<2x1x3x3xf32>
  %s = ssl.conv2d %x, %ws {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<2x2x4x4xf32>
  %g0 = ml_program.global_load @bn0.weight : tensor<2xf32>
  %b0 = ml_program.global_load @bn0.bias : tensor<2xf32>
  %m0 = ml_program.global_load @bn0.running_mean : tensor<2xf32>
  %v0 = ml_program.global_load @bn0.running_var : tensor<2xf32>
  %n0 = ssl.batch_norm %s, %g0, %b0, %m0, %v0 : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>
  %h = ssl.relu %n0 : tensor<2x2x4x4xf32>
  %w1 = ml_program.global_load @b.conv1.weight : tensor<2x2x3x3xf32>
  %c1 = ssl.conv2d %h, %w1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<2x2x4x4xf32>
  %g1 = ml_program.global_load @b.bn1.weight : tensor<2xf32>
  %b1 = ml_program.global_load @b.bn1.bias : tensor<2xf32>
  %m1 = ml_program.global_load @b.bn1.running_mean : tensor<2xf32>
  %v1 = ml_program.global_load @b.bn1.running_var : tensor<2xf32>
  %n1 = ssl.batch_norm %c1, %g1, %b1, %m1, %v1 : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>
  %r1 = ssl.relu %n1 : tensor<2x2x4x4xf32>
  %w2 = ml_program.global_load @b.conv2.weight : tensor<2x2x3x3xf32>
  %c2 = ssl.conv2d %r1, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<2x2x4x4xf32>
  %g2 = ml_program.global_load @b.bn2.weight : tensor<2xf32>
  %b2 = ml_program.global_load @b.bn2.bias : tensor<2xf32>
  %m2 = ml_program.global_load @b.bn2.running_mean : tensor<2xf32>
  %v2 = ml_program.global_load @b.bn2.running_var : tensor<2xf32>
  %n2 = ssl.batch_norm %c2, %g2, %b2, %m2, %v2 : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>
  %sum = ssl.add %n2, %h : tensor<2x2x4x4xf32>
  %o = ssl.relu %sum : tensor<2x2x4x4xf32>
  %f = ssl.flatten %o : tensor<2x2x4x4xf32> -> tensor<2x32xf32>
  %fw = ml_program.global_load @fc.weight : tensor<3x32xf32>
  %y = ssl.dense %f, %fw : (tensor<2x32xf32>, tensor<3x32xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
