
// SiLU (x · sigmoid(x)) and a per-channel constant scale: channel 0 is
// dead, and the scale loses its entry for it.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @scale(dense<[{{\[\[}}[5.000000e-01]], {{\[\[}}2.500000e-01]]]]> : tensor<1x2x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
ml_program.global private mutable @c1.weight(dense<[[[[0.0]]], [[[2.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @scale(dense<[[[[4.0]], [[0.5]], [[0.25]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  %s = ssl.sigmoid %y : tensor<1x3x2x2xf32>
  %silu = ssl.mul %y, %s : tensor<1x3x2x2xf32>, tensor<1x3x2x2xf32>
  %k = ml_program.global_load @scale : tensor<1x3x1x1xf32>
  %m = ssl.mul %silu, %k : tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %m, %w3 : (tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}
