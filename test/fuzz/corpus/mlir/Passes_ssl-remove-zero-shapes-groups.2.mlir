
// Rows of each group: filter 1 of group 0 and filter 3 of group 1 are zero
// and are not computed (they are their bias); the groups' taps are those
// of their live filters.
// CHECK-LABEL: @r.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0, 2>
// CHECK-SAME: groups = 2
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [0, 1, 1], [1, 1, 0]]> : tensor<3x3xi64>
// CHECK-SAME: (tensor<1x2x3x3xf32>, tensor<2x2xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
ml_program.global private mutable @r.weight(dense<[
  [[[1.0, 0.0], [0.0, 2.0]]],
  [[[0.0, 0.0], [0.0, 0.0]]],
  [[[0.0, 0.0], [3.0, 0.0]]],
  [[[0.0, 0.0], [0.0, 0.0]]]]> : tensor<4x1x2x2xf32>) : tensor<4x1x2x2xf32>
ml_program.global private mutable @r.bias(dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>) : tensor<4xf32>
func.func @main(%x: tensor<1x2x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %w = ml_program.global_load @r.weight : tensor<4x1x2x2xf32>
  %b = ml_program.global_load @r.bias : tensor<4xf32>
  %y = ssl.conv2d %x, %w, %b {groups = 2 : i64} : (tensor<1x2x3x3xf32>, tensor<4x1x2x2xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %y : tensor<1x4x2x2xf32>
}
