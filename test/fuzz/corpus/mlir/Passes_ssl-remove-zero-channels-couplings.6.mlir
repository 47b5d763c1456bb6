
// Zero padding (a pad before max pooling): a zero channel stays zero and
// leaves the pad with its producer and consumer.
// CHECK-LABEL: ml_program.global private mutable @c1.weight(dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]]]]> : tensor<2x1x1x1xf32>)
// CHECK: @c3.weight(dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<1x2x1x1xf32>)
// CHECK: ssl.pad {{.*}} : tensor<1x2x2x2xf32> -> tensor<1x2x4x4xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x2x2xf32>
  %p = ssl.pad %y {pads = array<i64: 1, 1, 1, 1>} : tensor<1x3x2x2xf32> -> tensor<1x3x4x4xf32>
  %m = ssl.max_pool2d %p {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>} : tensor<1x3x4x4xf32> -> tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %m, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
