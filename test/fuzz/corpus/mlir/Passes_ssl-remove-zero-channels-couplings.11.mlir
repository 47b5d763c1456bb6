
// GELU maps channel c to channel c and 0 to 0: @c1's dead filter 1 leaves
// through it, and @c3 drops the matching input channel.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.gelu {{.*}} : tensor<1x2x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %a = ssl.gelu %y : tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %a, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
