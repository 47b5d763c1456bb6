// RUN: ssl-opt %s | ssl-opt | FileCheck %s
// RUN: ssl-opt %s --mlir-print-op-generic | ssl-opt | FileCheck %s

// Every ssl op survives printing and parsing, in custom and generic form.

//===----------------------------------------------------------------------===//
// Network ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dense
func.func @dense(%x: tensor<4x784xf32>, %w: tensor<500x784xf32>,
                 %b: tensor<500xf32>) -> (tensor<4x500xf32>, tensor<4x500xf32>) {
  // CHECK: ssl.dense %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x784xf32>, tensor<500x784xf32>, tensor<500xf32>) -> tensor<4x500xf32>
  %0 = ssl.dense %x, %w, %b
      : (tensor<4x784xf32>, tensor<500x784xf32>, tensor<500xf32>) -> tensor<4x500xf32>
  // CHECK: ssl.dense %{{.*}}, %{{.*}} : (tensor<4x784xf32>, tensor<500x784xf32>) -> tensor<4x500xf32>
  %1 = ssl.dense %x, %w : (tensor<4x784xf32>, tensor<500x784xf32>) -> tensor<4x500xf32>
  return %0, %1 : tensor<4x500xf32>, tensor<4x500xf32>
}

// CHECK-LABEL: func.func @dense_dynamic_batch
func.func @dense_dynamic_batch(%x: tensor<?x784xf32>, %w: tensor<10x784xf32>) -> tensor<?x10xf32> {
  // CHECK: ssl.dense {{.*}} -> tensor<?x10xf32>
  %0 = ssl.dense %x, %w : (tensor<?x784xf32>, tensor<10x784xf32>) -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3x3x3xf32>,
                  %b: tensor<16xf32>, %wg: tensor<8x2x3x3xf32>,
                  %x4: tensor<1x4x9x9xf32>) {
  // CHECK: ssl.conv2d %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  %0 = ssl.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  // Defaults are elided when printed.
  // CHECK: ssl.conv2d %{{.*}}, %{{.*}} : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x30x30xf32>
  %1 = ssl.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>,
                          dilations = array<i64: 1, 1>, groups = 1 : i64}
      : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x30x30xf32>
  // Asymmetric pads (TF "SAME" with stride 2): floor((32 + 0 + 1 - 3) / 2) + 1 = 16.
  // CHECK: ssl.conv2d {{.*}} {pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} {{.*}} -> tensor<1x16x16x16xf32>
  %2 = ssl.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>}
      : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x16x16xf32>
  // Dilation 2: the 3x3 kernel spans 5x5.
  // CHECK: ssl.conv2d {{.*}} {dilations = array<i64: 2, 2>} {{.*}} -> tensor<1x16x28x28xf32>
  %3 = ssl.conv2d %x, %w {dilations = array<i64: 2, 2>}
      : (tensor<1x3x32x32xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x28x28xf32>
  // Two groups of two input channels each.
  // CHECK: ssl.conv2d {{.*}} {groups = 2 : i64} {{.*}} -> tensor<1x8x7x7xf32>
  %4 = ssl.conv2d %x4, %wg {groups = 2 : i64}
      : (tensor<1x4x9x9xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x7x7xf32>
  return
}

// CHECK-LABEL: func.func @shape_pruned_conv2d
func.func @shape_pruned_conv2d(%x: tensor<1x3x32x32xf32>, %w: tensor<16x3xf32>,
                               %b: tensor<16xf32>) -> tensor<1x16x32x32xf32> {
  // CHECK: ssl.shape_pruned_conv2d %{{.*}}, %{{.*}}, %{{.*}} {kernel_size = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, taps = dense<{{\[}}[0, 0, 1], [0, 1, 1], [2, 2, 0]]> : tensor<3x3xi64>} : (tensor<1x3x32x32xf32>, tensor<16x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {kernel_size = array<i64: 3, 3>,
          pads = array<i64: 1, 1, 1, 1>,
          taps = dense<[[0, 0, 1], [0, 1, 1], [2, 2, 0]]> : tensor<3x3xi64>}
      : (tensor<1x3x32x32xf32>, tensor<16x3xf32>, tensor<16xf32>) -> tensor<1x16x32x32xf32>
  return %0 : tensor<1x16x32x32xf32>
}

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<8x16x32x32xf32>, %g: tensor<16xf32>,
                      %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>,
                      %d: tensor<8x16xf32>) {
  // CHECK: ssl.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32} : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x32x32xf32>
  %0 = ssl.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32}
      : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
         tensor<16xf32>) -> tensor<8x16x32x32xf32>
  // BN after a dense layer: channels on axis 1 of [N, C].
  // CHECK: ssl.batch_norm {{.*}} : (tensor<8x16xf32>, {{.*}}) -> tensor<8x16xf32>
  %1 = ssl.batch_norm %d, %g, %b, %m, %v
      : (tensor<8x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
         tensor<16xf32>) -> tensor<8x16xf32>
  // The default momentum is elided.
  // CHECK: ssl.batch_norm_train %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  %2:5 = ssl.batch_norm_train %x, %g, %b, %m, %v {momentum = 0.9 : f32}
      : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
         tensor<16xf32>)
      -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
          tensor<16xf32>)
  // CHECK: ssl.batch_norm_train {{.*}} {epsilon = 1.000000e-03 : f32, momentum = 5.000000e-01 : f32}
  %3:5 = ssl.batch_norm_train %x, %g, %b, %m, %v {epsilon = 1.0e-3 : f32, momentum = 0.5 : f32}
      : (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
         tensor<16xf32>)
      -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>,
          tensor<16xf32>)
  return
}

// CHECK-LABEL: func.func @pooling
func.func @pooling(%x: tensor<1x16x32x32xf32>, %y: tensor<1x16x6x6xf32>,
                   %z: tensor<1x16x5x5xf32>) {
  // CHECK: ssl.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
  // Floor mode: floor((32 - 3) / 2) + 1 = 15; ceil mode: ceil(29 / 2) + 1 = 16.
  // CHECK: ssl.max_pool2d {{.*}} -> tensor<1x16x15x15xf32>
  %1 = ssl.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>}
      : tensor<1x16x32x32xf32> -> tensor<1x16x15x15xf32>
  // CHECK: ssl.max_pool2d {{.*}} {ceil_mode = true, kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} {{.*}} -> tensor<1x16x16x16xf32>
  %2 = ssl.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, ceil_mode = true}
      : tensor<1x16x32x32xf32> -> tensor<1x16x16x16xf32>
  // Ceil mode: ceil((5 + 1 + 1 - 2) / 2) + 1 = 4, but window 3 would start at
  // 3·2 - 1 = 5, past the input: it lies in the end padding and is dropped.
  // CHECK: ssl.max_pool2d {{.*}} {ceil_mode = true, kernel = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x16x5x5xf32> -> tensor<1x16x3x3xf32>
  %3 = ssl.max_pool2d %z {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                          pads = array<i64: 1, 1, 1, 1>, ceil_mode = true}
      : tensor<1x16x5x5xf32> -> tensor<1x16x3x3xf32>
  // Asymmetric pads: ceil((6 + 1 + 2 - 3) / 4) + 1 = 3; window 2 would start
  // at 2·4 - 1 = 7 >= 6 and is dropped.
  // CHECK: ssl.max_pool2d {{.*}} : tensor<1x16x6x6xf32> -> tensor<1x16x2x2xf32>
  %4 = ssl.max_pool2d %y {kernel = array<i64: 3, 3>, strides = array<i64: 4, 4>,
                          pads = array<i64: 1, 1, 2, 2>, ceil_mode = true}
      : tensor<1x16x6x6xf32> -> tensor<1x16x2x2xf32>
  // Unpadded, stride > kernel: ceil((5 - 1) / 3) + 1 = 3, window 2 would
  // start at 6 >= 5 (Caffe skips the check without padding; this op does not).
  // CHECK: ssl.max_pool2d {{.*}} : tensor<1x16x5x5xf32> -> tensor<1x16x2x2xf32>
  %5 = ssl.max_pool2d %z {kernel = array<i64: 1, 1>, strides = array<i64: 3, 3>, ceil_mode = true}
      : tensor<1x16x5x5xf32> -> tensor<1x16x2x2xf32>
  // CHECK: ssl.avg_pool2d %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : tensor<1x16x32x32xf32> -> tensor<1x16x32x32xf32>
  %6 = ssl.avg_pool2d %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>,
                          count_include_pad = true}
      : tensor<1x16x32x32xf32> -> tensor<1x16x32x32xf32>
  // CHECK: ssl.avg_pool2d {{.*}} {ceil_mode = true, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} {{.*}} -> tensor<1x16x3x3xf32>
  %7 = ssl.avg_pool2d %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true,
                          count_include_pad = false}
      : tensor<1x16x6x6xf32> -> tensor<1x16x3x3xf32>
  // CHECK: ssl.global_avg_pool %{{.*}} : tensor<1x16x32x32xf32> -> tensor<1x16x1x1xf32>
  %8 = ssl.global_avg_pool %x : tensor<1x16x32x32xf32> -> tensor<1x16x1x1xf32>
  return
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<1x64x8x8xf32>, %b: tensor<1x64x8x8xf32>,
                       %l: tensor<2x10xf32>) {
  // CHECK: ssl.relu %{{.*}} : tensor<1x64x8x8xf32>
  %0 = ssl.relu %a : tensor<1x64x8x8xf32>
  // CHECK: ssl.add %{{.*}}, %{{.*}} : tensor<1x64x8x8xf32>
  %1 = ssl.add %a, %b : tensor<1x64x8x8xf32>
  // CHECK: ssl.softmax %{{.*}} : tensor<2x10xf32>
  %2 = ssl.softmax %l : tensor<2x10xf32>
  // CHECK: ssl.dropout %{{.*}} {ratio = 2.000000e-01 : f32, seed = 7 : i64} : tensor<1x64x8x8xf32>
  %3 = ssl.dropout %a {ratio = 0.2 : f32, seed = 7} : tensor<1x64x8x8xf32>
  // CHECK: ssl.dropout %{{.*}} : tensor<1x64x8x8xf32>
  %4 = ssl.dropout %a : tensor<1x64x8x8xf32>
  return
}

// Training form: the step counter operand, and the op that advances it.
// CHECK-LABEL: func.func @dropout_step
func.func @dropout_step(%a: tensor<1x64x8x8xf32>, %step: tensor<f32>) {
  // CHECK: ssl.dropout %{{.*}}, %{{.*}} {ratio = 2.000000e-01 : f32, seed = 7 : i64} : tensor<1x64x8x8xf32>, tensor<f32>
  %0 = ssl.dropout %a, %step {ratio = 0.2 : f32, seed = 7} : tensor<1x64x8x8xf32>, tensor<f32>
  // CHECK: ssl.next_step %{{.*}} : tensor<f32>
  %1 = ssl.next_step %step : tensor<f32>
  return
}

// CHECK-LABEL: func.func @reshapes
func.func @reshapes(%x: tensor<1x50x4x4xf32>, %a: tensor<1x16x8x8xf32>,
                    %b: tensor<1x32x8x8xf32>) {
  // CHECK: ssl.flatten %{{.*}} : tensor<1x50x4x4xf32> -> tensor<1x800xf32>
  %0 = ssl.flatten %x : tensor<1x50x4x4xf32> -> tensor<1x800xf32>
  // CHECK: ssl.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x48x8x8xf32>
  %1 = ssl.concat %a, %b {axis = 1 : i64}
      : (tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>) -> tensor<1x48x8x8xf32>
  // CHECK: ssl.concat %{{.*}}, %{{.*}} {axis = 3 : i64} : {{.*}} -> tensor<1x16x8x16xf32>
  %2 = ssl.concat %a, %a {axis = 3 : i64}
      : (tensor<1x16x8x8xf32>, tensor<1x16x8x8xf32>) -> tensor<1x16x8x16xf32>
  return
}

//===----------------------------------------------------------------------===//
// Training ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @training
func.func @training(%logits: tensor<64x10xf32>, %labels: tensor<64xi64>,
                    %onehot: tensor<64x10xf32>, %conv: tensor<50x20x5x5xf32>,
                    %fc: tensor<500x800xf32>, %vel: tensor<500x800xf32>,
                    %lr: tensor<f32>) {
  // CHECK: ssl.softmax_cross_entropy %{{.*}}, %{{.*}} : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
  %0 = ssl.softmax_cross_entropy %logits, %labels
      : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<f32>
  // CHECK: ssl.softmax_cross_entropy %{{.*}}, %{{.*}} : (tensor<64x10xf32>, tensor<64x10xf32>) -> tensor<f32>
  %1 = ssl.softmax_cross_entropy %logits, %onehot
      : (tensor<64x10xf32>, tensor<64x10xf32>) -> tensor<f32>
  // CHECK: ssl.group_lasso filter %{{.*}} {lambda = 5.000000e-01 : f32} : tensor<50x20x5x5xf32> -> tensor<f32>
  %2 = ssl.group_lasso filter %conv {lambda = 0.5 : f32} : tensor<50x20x5x5xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso channel
  %3 = ssl.group_lasso channel %conv {lambda = 0.5 : f32} : tensor<50x20x5x5xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso shape
  %4 = ssl.group_lasso shape %conv {lambda = 0.5 : f32} : tensor<50x20x5x5xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso kernel2d
  %5 = ssl.group_lasso kernel2d %conv {lambda = 0.5 : f32} : tensor<50x20x5x5xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso depth
  %6 = ssl.group_lasso depth %fc {lambda = 0.5 : f32} : tensor<500x800xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso row
  %7 = ssl.group_lasso row %fc {lambda = 0.5 : f32} : tensor<500x800xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso column %{{.*}} {lambda = 0.000000e+00 : f32}
  %8 = ssl.group_lasso column %fc {lambda = 0.0 : f32} : tensor<500x800xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso_grad filter %{{.*}} {lambda = 5.000000e-01 : f32} : tensor<50x20x5x5xf32>
  %9 = ssl.group_lasso_grad filter %conv {lambda = 0.5 : f32} : tensor<50x20x5x5xf32>
  // CHECK: ssl.group_lasso_grad column %{{.*}} {lambda = 5.000000e-01 : f32} : tensor<500x800xf32>
  %10 = ssl.group_lasso_grad column %fc {lambda = 0.5 : f32} : tensor<500x800xf32>
  // CHECK: ssl.sgd_momentum %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {weight_decay = 5.000000e-04 : f32} : tensor<500x800xf32>, tensor<f32>
  %11:2 = ssl.sgd_momentum %fc, %10, %vel, %lr {momentum = 0.9 : f32, weight_decay = 5.0e-4 : f32}
      : tensor<500x800xf32>, tensor<f32>
  // CHECK: ssl.sgd_momentum %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {momentum = 0.000000e+00 : f32} : tensor<500x800xf32>, tensor<f32>
  %12:2 = ssl.sgd_momentum %fc, %10, %vel, %lr {momentum = 0.0 : f32}
      : tensor<500x800xf32>, tensor<f32>
  // CHECK: ssl.zero_small %{{.*}} : tensor<500x800xf32>
  %13 = ssl.zero_small %11#0 : tensor<500x800xf32>
  // CHECK: ssl.zero_small %{{.*}} {threshold = 0.000000e+00 : f32} : tensor<500x800xf32>
  %14 = ssl.zero_small %11#0 {threshold = 0.0 : f32} : tensor<500x800xf32>
  // CHECK: ssl.apply_mask %{{.*}}, %{{.*}} : tensor<500x800xf32>
  %15 = ssl.apply_mask %13, %vel : tensor<500x800xf32>
  return
}

// The group-kind attribute in generic form.
// CHECK-LABEL: func.func @group_kind_attr
// CHECK: ssl.group_lasso kernel2d
func.func @group_kind_attr(%w: tensor<4x3x3x3xf32>) -> tensor<f32> {
  %0 = "ssl.group_lasso"(%w) <{kind = #ssl<group_kind kernel2d>, lambda = 1.0 : f32}>
      : (tensor<4x3x3x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

//===----------------------------------------------------------------------===//
// Backward ops
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dense_backward
func.func @dense_backward(%x: tensor<64x800xf32>, %w: tensor<500x800xf32>,
                          %dy: tensor<64x500xf32>) {
  // CHECK: ssl.dense_grad_input %{{.*}}, %{{.*}} : (tensor<64x500xf32>, tensor<500x800xf32>) -> tensor<64x800xf32>
  %0 = ssl.dense_grad_input %dy, %w : (tensor<64x500xf32>, tensor<500x800xf32>) -> tensor<64x800xf32>
  // CHECK: ssl.dense_grad_weight %{{.*}}, %{{.*}} : (tensor<64x800xf32>, tensor<64x500xf32>) -> tensor<500x800xf32>
  %1 = ssl.dense_grad_weight %x, %dy : (tensor<64x800xf32>, tensor<64x500xf32>) -> tensor<500x800xf32>
  // CHECK: ssl.bias_grad %{{.*}} : tensor<64x500xf32> -> tensor<500xf32>
  %2 = ssl.bias_grad %dy : tensor<64x500xf32> -> tensor<500xf32>
  return
}

// CHECK-LABEL: func.func @conv_backward
func.func @conv_backward(%x: tensor<8x3x32x32xf32>, %w: tensor<16x3x3x3xf32>,
                         %dy: tensor<8x16x15x15xf32>, %dys: tensor<8x16x32x32xf32>) {
  // Stride 2 without padding: 32 and 31 both give 15 outputs, so the input
  // size comes from the result type.
  // CHECK: ssl.conv2d_grad_input %{{.*}}, %{{.*}} {strides = array<i64: 2, 2>} : (tensor<8x16x15x15xf32>, tensor<16x3x3x3xf32>) -> tensor<8x3x32x32xf32>
  %0 = ssl.conv2d_grad_input %dy, %w {strides = array<i64: 2, 2>}
      : (tensor<8x16x15x15xf32>, tensor<16x3x3x3xf32>) -> tensor<8x3x32x32xf32>
  // CHECK: ssl.conv2d_grad_input {{.*}} -> tensor<8x3x31x31xf32>
  %1 = ssl.conv2d_grad_input %dy, %w {strides = array<i64: 2, 2>}
      : (tensor<8x16x15x15xf32>, tensor<16x3x3x3xf32>) -> tensor<8x3x31x31xf32>
  // CHECK: ssl.conv2d_grad_weight %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>} : (tensor<8x3x32x32xf32>, tensor<8x16x32x32xf32>) -> tensor<16x3x3x3xf32>
  %2 = ssl.conv2d_grad_weight %x, %dys {pads = array<i64: 1, 1, 1, 1>}
      : (tensor<8x3x32x32xf32>, tensor<8x16x32x32xf32>) -> tensor<16x3x3x3xf32>
  // CHECK: ssl.bias_grad %{{.*}} : tensor<8x16x32x32xf32> -> tensor<16xf32>
  %3 = ssl.bias_grad %dys : tensor<8x16x32x32xf32> -> tensor<16xf32>
  return
}

// CHECK-LABEL: func.func @layer_backward
func.func @layer_backward(%x: tensor<8x16x32x32xf32>, %dy: tensor<8x16x32x32xf32>,
                          %g: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>,
                          %dp: tensor<8x16x16x16xf32>, %dgap: tensor<8x16x1x1xf32>) {
  // CHECK: ssl.relu_grad %{{.*}}, %{{.*}} : tensor<8x16x32x32xf32>
  %0 = ssl.relu_grad %dy, %x : tensor<8x16x32x32xf32>
  // CHECK: ssl.batch_norm_grad %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : (tensor<8x16x32x32xf32>, tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>)
  %1:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v
      : (tensor<8x16x32x32xf32>, tensor<8x16x32x32xf32>, tensor<16xf32>,
         tensor<16xf32>, tensor<16xf32>)
      -> (tensor<8x16x32x32xf32>, tensor<16xf32>, tensor<16xf32>)
  // CHECK: ssl.max_pool2d_grad %{{.*}}, %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<8x16x16x16xf32>, tensor<8x16x32x32xf32>) -> tensor<8x16x32x32xf32>
  %2 = ssl.max_pool2d_grad %dp, %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<8x16x16x16xf32>, tensor<8x16x32x32xf32>) -> tensor<8x16x32x32xf32>
  // CHECK: ssl.avg_pool2d_grad %{{.*}} {count_include_pad = true, kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<8x16x16x16xf32> -> tensor<8x16x32x32xf32>
  %3 = ssl.avg_pool2d_grad %dp {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                                count_include_pad = true}
      : tensor<8x16x16x16xf32> -> tensor<8x16x32x32xf32>
  // CHECK: ssl.global_avg_pool_grad %{{.*}} : tensor<8x16x1x1xf32> -> tensor<8x16x32x32xf32>
  %4 = ssl.global_avg_pool_grad %dgap : tensor<8x16x1x1xf32> -> tensor<8x16x32x32xf32>
  return
}

// CHECK-LABEL: func.func @reshape_backward
func.func @reshape_backward(%dy: tensor<64x800xf32>, %dc: tensor<1x48x8x8xf32>) {
  // CHECK: ssl.flatten_grad %{{.*}} : tensor<64x800xf32> -> tensor<64x50x4x4xf32>
  %0 = ssl.flatten_grad %dy : tensor<64x800xf32> -> tensor<64x50x4x4xf32>
  // CHECK: ssl.concat_grad %{{.*}} {axis = 1 : i64} : tensor<1x48x8x8xf32> -> tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>
  %1:2 = ssl.concat_grad %dc {axis = 1 : i64}
      : tensor<1x48x8x8xf32> -> tensor<1x16x8x8xf32>, tensor<1x32x8x8xf32>
  return
}

// CHECK-LABEL: func.func @loss_backward
func.func @loss_backward(%logits: tensor<64x10xf32>, %labels: tensor<64xi64>,
                         %onehot: tensor<64x10xf32>) {
  // CHECK: ssl.softmax_cross_entropy_grad %{{.*}}, %{{.*}} : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<64x10xf32>
  %0 = ssl.softmax_cross_entropy_grad %logits, %labels
      : (tensor<64x10xf32>, tensor<64xi64>) -> tensor<64x10xf32>
  // CHECK: ssl.softmax_cross_entropy_grad %{{.*}}, %{{.*}} : (tensor<64x10xf32>, tensor<64x10xf32>) -> tensor<64x10xf32>
  %1 = ssl.softmax_cross_entropy_grad %logits, %onehot
      : (tensor<64x10xf32>, tensor<64x10xf32>) -> tensor<64x10xf32>
  return
}

// Parameters as the frontends emit them: ml_program globals loaded in @main.
// CHECK-LABEL: func.func @main
// CHECK: ml_program.global_load @fc.weight
// CHECK: ssl.dense
ml_program.global private mutable @fc.weight(dense<0.5> : tensor<10x4xf32>) : tensor<10x4xf32>
func.func @main(%x: tensor<1x4xf32>) -> tensor<1x10xf32> {
  %w = ml_program.global_load @fc.weight : tensor<10x4xf32>
  %y = ssl.dense %x, %w : (tensor<1x4xf32>, tensor<10x4xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// The depth_bn group spans a conv weight and its batch norm's γ and β;
// group_shrink is the proximal step of any kind.
// CHECK-LABEL: func.func @depth_bn_and_shrink
func.func @depth_bn_and_shrink(%w: tensor<16x8x3x3xf32>, %g: tensor<16xf32>,
                               %b: tensor<16xf32>, %lr: tensor<f32>) {
  // CHECK: ssl.group_lasso depth_bn %{{.*}}, %{{.*}}, %{{.*}} {lambda = 5.000000e-01 : f32} : tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<16xf32> -> tensor<f32>
  %0 = ssl.group_lasso depth_bn %w, %g, %b {lambda = 0.5 : f32} : tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<16xf32> -> tensor<f32>
  // CHECK: ssl.group_lasso_grad depth_bn %{{.*}}, %{{.*}}, %{{.*}} {lambda = 5.000000e-01 : f32} : tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<16xf32>
  %1:3 = ssl.group_lasso_grad depth_bn %w, %g, %b {lambda = 0.5 : f32} : tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<16xf32>
  // CHECK: ssl.group_shrink depth_bn %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {lambda = 5.000000e-01 : f32} : tensor<f32>, tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<16xf32>
  %2:3 = ssl.group_shrink depth_bn %lr, %w, %g, %b {lambda = 0.5 : f32} : tensor<f32>, tensor<16x8x3x3xf32>, tensor<16xf32>, tensor<16xf32>
  // CHECK: ssl.group_shrink filter %{{.*}}, %{{.*}} {lambda = 2.500000e-01 : f32} : tensor<f32>, tensor<16x8x3x3xf32>
  %3 = ssl.group_shrink filter %lr, %w {lambda = 0.25 : f32} : tensor<f32>, tensor<16x8x3x3xf32>
  return
}
