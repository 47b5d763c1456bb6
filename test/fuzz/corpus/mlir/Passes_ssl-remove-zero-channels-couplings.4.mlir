
// Squeeze-and-excitation: channel 2 of @c1 is dead. The gate's 1×1 convs
// shrink with it: @se1 absorbs the zero pooled channel, @se2 stops
// computing gate channel 2, the product drops it (0 · gate = 0) and @c3
// absorbs the zero.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}2.000000e+00]]], {{\[\[\[}}4.000000e+00]]]]> : tensor<3x1x1x1xf32>)
// CHECK: @se1.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}5.000000e+00]], {{\[\[}}6.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<2x3x1x1xf32>)
// CHECK: @se2.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}7.000000e+00]], {{\[\[}}8.000000e+00]]]]> : tensor<3x2x1x1xf32>)
// CHECK: @se2.bias(dense<[1.000000e-01, 2.000000e-01, 4.000000e-01]> : tensor<3xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]]]> : tensor<1x3x1x1xf32>)
// CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<1x3x2x2xf32>, tensor<1x3x1x1xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[2.0]]], [[[0.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @se1.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]], [[[5.0]], [[6.0]], [[7.0]], [[8.0]]]]> : tensor<2x4x1x1xf32>) : tensor<2x4x1x1xf32>
ml_program.global private mutable @se2.weight(dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]], [[[7.0]], [[8.0]]]]> : tensor<4x2x1x1xf32>) : tensor<4x2x1x1xf32>
ml_program.global private mutable @se2.bias(dense<[0.1, 0.2, 0.3, 0.4]> : tensor<4xf32>) : tensor<4xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %p = ssl.global_avg_pool %y : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  %ws1 = ml_program.global_load @se1.weight : tensor<2x4x1x1xf32>
  %s1 = ssl.conv2d %p, %ws1 : (tensor<1x4x1x1xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x1x1xf32>
  %r = ssl.relu %s1 : tensor<1x2x1x1xf32>
  %ws2 = ml_program.global_load @se2.weight : tensor<4x2x1x1xf32>
  %bs2 = ml_program.global_load @se2.bias : tensor<4xf32>
  %s2 = ssl.conv2d %r, %ws2, %bs2 : (tensor<1x2x1x1xf32>, tensor<4x2x1x1xf32>, tensor<4xf32>) -> tensor<1x4x1x1xf32>
  %gate = ssl.hard_sigmoid %s2 : tensor<1x4x1x1xf32>
  %m = ssl.mul %y, %gate : tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %m, %w3 : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}
