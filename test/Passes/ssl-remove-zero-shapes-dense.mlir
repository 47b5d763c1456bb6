// RUN: ssl-opt %s -split-input-file -ssl-remove-zero-shapes | FileCheck %s

// Columns 1 and 3 of a dense layer reading the network's input are zero in
// every row: the layer reads inputs 0, 2 and 4 through a gather, with a
// [2, 3] weight.
// CHECK-LABEL: ml_program.global private mutable @d.weight(dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [6.000000e+00, 8.000000e+00, 1.000000e+01]]> : tensor<2x3xf32>)
// CHECK: %[[G:.*]] = ssl.gather %arg0 {indices = array<i64: 0, 2, 4>} : tensor<4x5xf32> -> tensor<4x3xf32>
// CHECK: ssl.dense %[[G]], %{{.*}}, %{{.*}} : (tensor<4x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x2xf32>
ml_program.global private mutable @d.weight(dense<[[1.0, 0.0, 3.0, 0.0, 5.0], [6.0, 0.0, 8.0, 0.0, 10.0]]> : tensor<2x5xf32>) : tensor<2x5xf32>
ml_program.global private mutable @d.bias(dense<[1.0, 2.0]> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<4x5xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @d.weight : tensor<2x5xf32>
  %b = ml_program.global_load @d.bias : tensor<2xf32>
  %y = ssl.dense %x, %w, %b : (tensor<4x5xf32>, tensor<2x5xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// Every column live, or a weight another layer reads too: unchanged.
// CHECK-LABEL: @a.weight
// CHECK-NOT: ssl.gather
// CHECK: ssl.dense %arg0
// CHECK: ssl.dense %arg0
// CHECK: ssl.dense %arg0
ml_program.global private mutable @a.weight(dense<1.0> : tensor<2x3xf32>) : tensor<2x3xf32>
ml_program.global private mutable @s.weight(dense<[[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<1x3xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) {
  %a = ml_program.global_load @a.weight : tensor<2x3xf32>
  %y = ssl.dense %x, %a : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %s = ml_program.global_load @s.weight : tensor<2x3xf32>
  %u = ssl.dense %x, %s : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %v = ssl.dense %x, %s : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  return %y, %u, %v : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// An all-zero layer keeps one zero column and outputs its bias.
// CHECK-LABEL: @z.weight(dense<0.000000e+00> : tensor<3x1xf32>)
// CHECK: ssl.gather %{{.*}} {indices = array<i64: 0>} : tensor<2x4xf32> -> tensor<2x1xf32>
// CHECK: ssl.dense {{.*}} : (tensor<2x1xf32>, tensor<3x1xf32>, tensor<3xf32>) -> tensor<2x3xf32>
ml_program.global private mutable @z.weight(dense<0.0> : tensor<3x4xf32>) : tensor<3x4xf32>
ml_program.global private mutable @z.bias(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  %w = ml_program.global_load @z.weight : tensor<3x4xf32>
  %b = ml_program.global_load @z.bias : tensor<3xf32>
  %y = ssl.dense %x, %w, %b : (tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// A flattened feature map: pixels 1 and 6 of 8 are read by no row.
// CHECK-LABEL: @f.weight
// CHECK-SAME: tensor<2x6xf32>
// CHECK: %[[F:.*]] = ssl.flatten
// CHECK: ssl.gather %[[F]] {indices = array<i64: 0, 2, 3, 4, 5, 7>} : tensor<1x8xf32> -> tensor<1x6xf32>
// CHECK-NOT: ssl.gather
ml_program.global private mutable @f.weight(dense<[[1.0, 0.0, 2.0, 3.0, 4.0, 5.0, 0.0, 6.0], [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]]> : tensor<2x8xf32>) : tensor<2x8xf32>
func.func @main(%x: tensor<1x2x2x2xf32>) -> tensor<1x2xf32> {
  %f = ssl.flatten %x : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %w = ml_program.global_load @f.weight : tensor<2x8xf32>
  %y = ssl.dense %f, %w : (tensor<1x8xf32>, tensor<2x8xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// A gather that already feeds the layer composes with the new one.
// CHECK-LABEL: @h.weight
// CHECK-SAME: tensor<1x2xf32>
// CHECK: ssl.gather %arg0 {indices = array<i64: 5, 1>} : tensor<1x6xf32> -> tensor<1x2xf32>
// CHECK-NOT: ssl.gather
ml_program.global private mutable @h.weight(dense<[[1.0, 0.0, 2.0]]> : tensor<1x3xf32>) : tensor<1x3xf32>
func.func @main(%x: tensor<1x6xf32>) -> tensor<1x1xf32> {
  %g = ssl.gather %x {indices = array<i64: 5, 3, 1>} : tensor<1x6xf32> -> tensor<1x3xf32>
  %w = ml_program.global_load @h.weight : tensor<1x3xf32>
  %y = ssl.dense %g, %w : (tensor<1x3xf32>, tensor<1x3xf32>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}
