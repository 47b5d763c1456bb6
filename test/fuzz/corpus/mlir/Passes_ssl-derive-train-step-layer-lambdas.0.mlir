// Per-layer strengths (`layer-lambdas`) replace a kind's strength for one
// layer; 0 removes that layer's term; a layer or kind that does not fit is
// an error naming it.
// RUN: ssl-opt %s --ssl-derive-train-step="filter-lambda=0.1 column-lambda=0.2 layer-lambdas=conv2.filter=0.7,fc.column=0,conv1.shape=0.3" \
// RUN:   | FileCheck %s
// RUN: not ssl-opt %s --ssl-derive-train-step="layer-lambdas=conv3.filter=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// RUN: not ssl-opt %s --ssl-derive-train-step="layer-lambdas=fc.filter=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KIND
// RUN: not ssl-opt %s --ssl-derive-train-step="layer-lambdas=conv1.sideways=0.1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MALFORMED
// RUN: not ssl-opt %s --ssl-derive-train-step="layer-lambdas=conv1.filter=-1" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MALFORMED-VALUE

// CHECK-LABEL: func.func @train_step
// CHECK:         %[[W1:.*]] = ml_program.global_load @conv1.weight
// CHECK:         %[[W2:.*]] = ml_program.global_load @conv2.weight
// CHECK:         %[[FW:.*]] = ml_program.global_load @fc.weight
// CHECK:         ssl.softmax_cross_entropy
// CHECK-DAG:     ssl.group_lasso filter %[[W1]] {lambda = 1.000000e-01 : f32}
// CHECK-DAG:     ssl.group_lasso shape %[[W1]] {lambda = 3.000000e-01 : f32}
// CHECK-DAG:     ssl.group_lasso filter %[[W2]] {lambda = 0.699999988 : f32}
// CHECK-NOT:     ssl.group_lasso shape %[[W2]]
// CHECK-NOT:     ssl.group_lasso column %[[FW]]
// CHECK:         ssl.softmax_cross_entropy_grad

// UNKNOWN: error: option 'layer-lambdas': 'conv3.filter' expects a trained convolution weight @conv3.weight
// KIND: error: option 'layer-lambdas': 'fc.filter' expects a trained convolution weight @fc.weight
// MALFORMED: error: option 'layer-lambdas' expects LAYER.KIND=LAMBDA with a group kind and a value >= 0, found 'conv1.sideways=0.1'
// MALFORMED-VALUE: error: option 'layer-lambdas' expects LAYER.KIND=LAMBDA with a group kind and a value >= 0, found 'conv1.filter=-1'

ml_program.global private mutable @"conv1.weight"(dense<0.5> : tensor<3x2x3x3xf32>) : tensor<3x2x3x3xf32>
ml_program.global private mutable @"conv2.weight"(dense<0.25> : tensor<2x3x3x3xf32>) : tensor<2x3x3x3xf32>
ml_program.global private mutable @"fc.weight"(dense<0.25> : tensor<4x18xf32>) : tensor<4x18xf32>
func.func @main(%x: tensor<2x2x5x5xf32>) -> tensor<2x4xf32> {
  %w1 = ml_program.global_load @"conv1.weight" : tensor<3x2x3x3xf32>
  %c1 = ssl.conv2d %x, %w1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2x5x5xf32>, tensor<3x2x3x3xf32>) -> tensor<2x3x5x5xf32>
  %w2 = ml_program.global_load @"conv2.weight" : tensor<2x3x3x3xf32>
  %c2 = ssl.conv2d %c1, %w2 : (tensor<2x3x5x5xf32>, tensor<2x3x3x3xf32>) -> tensor<2x2x3x3xf32>
  %f = ssl.flatten %c2 : tensor<2x2x3x3xf32> -> tensor<2x18xf32>
  %fw = ml_program.global_load @"fc.weight" : tensor<4x18xf32>
  %y = ssl.dense %f, %fw : (tensor<2x18xf32>, tensor<4x18xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}
