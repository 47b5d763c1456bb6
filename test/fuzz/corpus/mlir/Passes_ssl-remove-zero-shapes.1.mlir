
// Every tap and every filter live (grouped or not), or a weight another op
// reads too: unchanged.
// CHECK-LABEL: @a.weight
// CHECK: ssl.conv2d
// CHECK: ssl.conv2d
// CHECK-SAME: groups = 2
// CHECK: ssl.conv2d
// CHECK: ssl.conv2d
// CHECK-NOT: ssl.shape_pruned_conv2d
ml_program.global private mutable @a.weight(dense<1.0> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
ml_program.global private mutable @g.weight(dense<2.0> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
ml_program.global private mutable @s.weight(dense<[[[[1.0, 0.0], [0.0, 0.0]]], [[[1.0, 0.0], [0.0, 0.0]]]]> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
func.func @main(%x: tensor<1x1x3x3xf32>, %x2: tensor<1x2x3x3xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = ml_program.global_load @a.weight : tensor<2x1x2x2xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %g = ml_program.global_load @g.weight : tensor<2x1x2x2xf32>
  %z = ssl.conv2d %x2, %g {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = ml_program.global_load @s.weight : tensor<2x1x2x2xf32>
  %u = ssl.conv2d %x, %s : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  %v = ssl.conv2d %x, %s : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %y, %z, %u, %v : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
