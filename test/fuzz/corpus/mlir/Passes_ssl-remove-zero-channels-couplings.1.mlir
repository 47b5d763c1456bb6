
// Depthwise with a live input: the depthwise filter 1 is zero, but its
// input channel varies and @c1 also feeds the result, so the depthwise
// conv keeps all three groups.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<3x1x1x1xf32>
// CHECK: @dw.weight
// CHECK-SAME: tensor<3x1x1x1xf32>
// CHECK: {groups = 3 : i64} : (tensor<1x3x3x3xf32>, tensor<3x1x1x1xf32>)
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @dw.weight(dense<[[[[1.0]]], [[[0.0]]], [[[2.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> (tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %wd = ml_program.global_load @dw.weight : tensor<3x1x1x1xf32>
  %d = ssl.conv2d %y, %wd {groups = 3 : i64} : (tensor<1x3x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  return %y, %d : tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>
}
