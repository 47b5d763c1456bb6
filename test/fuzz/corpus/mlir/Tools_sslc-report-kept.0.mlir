// RUN: sslc report %s | FileCheck %s

// The report gives each layer's weight after ssl-prune and, for the zero
// filters whose channel stays, the rule that keeps it. @p1's filter 1
// outputs its bias 2, which the padded @p2 cannot absorb; @dw's zero
// depthwise filter reads a live channel, and a depthwise group goes whole
// or not at all; @c1's zero filter 2 outputs 0, but the depthwise group
// reading it computes a result of the function. None of them is computed:
// the weights after --prune are the shape-pruned [filters computed, taps].
// CHECK: layer {{.*}} after --prune
// CHECK-NEXT: p1 {{.*}} 1x1{{$}}
// CHECK-NEXT: p2 {{.*}} 1x2x3x3
// CHECK-NEXT: c1 {{.*}} 2x1{{$}}
// CHECK-NEXT: dw {{.*}} 2x1{{$}}
// CHECK-NEXT: zero filters whose channel ssl-prune keeps (a constant, not computed):
// CHECK-NEXT:   p1: 1 ('p2' zero-pads it, and a nonzero constant is position-dependent there)
// CHECK-NEXT:   c1: 1 (its group in grouped conv 'dw' keeps live channels)
// CHECK-NEXT:   dw: 1 (grouped conv: the input channels of its group are live, and groups go whole)
// CHECK-NEXT: FLOPs after ssl-prune
ml_program.global private mutable @p1.weight(dense<[[[[1.5]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @p1.bias(dense<[0.5, 2.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @p2.weight(dense<1.0> : tensor<1x2x3x3xf32>) : tensor<1x2x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[2.0]]], [[[0.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @dw.weight(dense<[[[[1.0]]], [[[0.0]]], [[[2.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> (tensor<1x1x3x3xf32>, tensor<1x3x3x3xf32>) {
  %w1 = ml_program.global_load @p1.weight : tensor<2x1x1x1xf32>
  %b1 = ml_program.global_load @p1.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %w2 = ml_program.global_load @p2.weight : tensor<1x2x3x3xf32>
  %z = ssl.conv2d %y, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32>
  %wc = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %u = ssl.conv2d %x, %wc : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %wd = ml_program.global_load @dw.weight : tensor<3x1x1x1xf32>
  %d = ssl.conv2d %u, %wd {groups = 3 : i64} : (tensor<1x3x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  return %z, %d : tensor<1x1x3x3xf32>, tensor<1x3x3x3xf32>
}
