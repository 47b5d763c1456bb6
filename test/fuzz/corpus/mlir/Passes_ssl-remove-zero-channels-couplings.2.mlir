
// Grouped (2 groups of 2): @c1's filters 0 and 1 are dead, so group 0 of
// @g reads only zeros and outputs 0, which @c3 absorbs: the whole group
// goes and @g becomes an ungrouped conv (groups = 1, the default, not
// printed) of the remaining group.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @g.weight(dense<{{\[\[\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]]], {{\[\[\[}}7.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x2x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.conv2d {{.*}} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[0.0]]], [[[0.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @g.weight(dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>) : tensor<4x2x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x3x3xf32>
  %wg = ml_program.global_load @g.weight : tensor<4x2x1x1xf32>
  %g = ssl.conv2d %y, %wg {groups = 2 : i64} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %g, %w3 : (tensor<1x4x3x3xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
