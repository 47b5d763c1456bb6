
// Channel shuffle: only input channel 1 is dead, column 1 still holds
// channel 3, so nothing goes.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<4x1x1x1xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]], [[[4.0]]]]> : tensor<4x1x1x1xf32>) : tensor<4x1x1x1xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]]> : tensor<1x4x1x1xf32>) : tensor<1x4x1x1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<4x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<4x1x1x1xf32>) -> tensor<1x4x2x2xf32>
  %s = ssl.channel_shuffle %y {groups = 2 : i64} : tensor<1x4x2x2xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x4x1x1xf32>
  %z = ssl.conv2d %s, %w3 : (tensor<1x4x2x2xf32>, tensor<1x4x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %z : tensor<1x1x2x2xf32>
}
