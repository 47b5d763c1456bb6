
// A dead filter (zero weight and bias) goes even before a padded conv, and
// after flatten its 4 columns leave the dense layer.
// CHECK-LABEL: ml_program.global private mutable @d1.weight(dense<1.000000e+00> : tensor<1x1x1x1xf32>)
// CHECK: @fc.weight(dense<{{.*}}> : tensor<3x4xf32>)
// CHECK: ssl.flatten %{{.*}} : tensor<1x1x2x2xf32> -> tensor<1x4xf32>
ml_program.global private mutable @d1.weight(dense<[[[[0.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @fc.weight(dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]]> : tensor<3x8xf32>) : tensor<3x8xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x3xf32> {
  %w1 = ml_program.global_load @d1.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %f = ssl.flatten %y : tensor<1x2x2x2xf32> -> tensor<1x8xf32>
  %w2 = ml_program.global_load @fc.weight : tensor<3x8xf32>
  %z = ssl.dense %f, %w2 : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  return %z : tensor<1x3xf32>
}
