
// Channel shuffle, 2 groups of 2: input channels 1 and 3 (column 1 of the
// [2, 2] matrix) are dead and become output channels 2 and 3, which @c3
// absorbs. The shuffle keeps its groups on 2 channels.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.channel_shuffle {{.*}} {groups = 2 : i64} : tensor<1x2x2x2xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]], [[[0.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %s = ssl.channel_shuffle %y {groups = 2 : i64} : tensor<1x4x2x2xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %s, %w3 : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}
