
// Channel slices (ONNX Split): channel 1 of @c1 is dead; the first slice
// shrinks to [0, 1) and the second, which never read it, moves to [1, 3).
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<3x1x1x1xf32>)
// CHECK: @c3.weight(dense<1.000000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @c4.weight(dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.slice {{.*}} {begin = 0 : i64, end = 1 : i64}
// CHECK: ssl.slice {{.*}} {begin = 1 : i64, end = 3 : i64}
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
ml_program.global private mutable @c4.weight(dense<[[[[3.0]], [[4.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %a = ssl.slice %y {begin = 0 : i64, end = 2 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %b = ssl.slice %y {begin = 2 : i64, end = 4 : i64} : tensor<1x4x2x2xf32> -> tensor<1x2x2x2xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x2x1x1xf32>
  %z3 = ssl.conv2d %a, %w3 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  %w4 = ml_program.global_load @c4.weight : tensor<1x2x1x1xf32>
  %z4 = ssl.conv2d %b, %w4 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z3, %z4 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
