
// Grouped: only one of group 0's two input channels is dead, so the group
// stays whole (the grouping must remain valid).
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<4x1x1x1xf32>
// CHECK: @g.weight
// CHECK-SAME: tensor<4x2x1x1xf32>
ml_program.global private mutable @c1.weight(dense<[[[[0.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @g.weight(dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>) : tensor<4x2x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x4x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x3x3xf32>
  %wg = ml_program.global_load @g.weight : tensor<4x2x1x1xf32>
  %g = ssl.conv2d %y, %wg {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %g : tensor<1x4x3x3xf32>
}
