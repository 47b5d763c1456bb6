
// Layer norm mixes the channels of a position: @c1's dead filter 1 outputs
// 0, but the norm of every position reads it, so no channel goes.
// CHECK-LABEL: ml_program.global private mutable @c1.weight
// CHECK-SAME: tensor<3x1x1x1xf32>
// CHECK: @c3.weight
// CHECK-SAME: tensor<1x3x1x1xf32>
// CHECK: ssl.layer_norm {{.*}} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
ml_program.global private mutable @c1.weight(dense<[[[[1.0]]], [[[0.0]]], [[[3.0]]]]> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @ln.weight(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @ln.bias(dense<[0.5, 0.25, 0.125]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @c3.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]]]> : tensor<1x3x1x1xf32>) : tensor<1x3x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>) -> tensor<1x3x3x3xf32>
  %g = ml_program.global_load @ln.weight : tensor<3xf32>
  %b = ml_program.global_load @ln.bias : tensor<3xf32>
  %n = ssl.layer_norm %y, %g, %b {epsilon = 1.0e-6 : f32} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %w3 = ml_program.global_load @c3.weight : tensor<1x3x1x1xf32>
  %z = ssl.conv2d %n, %w3 : (tensor<1x3x3x3xf32>, tensor<1x3x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
