
// A layer norm of constants is a constant: @c1's filters are all zero, so
// every channel holds its bias (1, 2, 3) and the norm outputs
// gamma · (c - 2) / sqrt(2/3 + 1e-6) + beta per channel; @c2 reads only
// constants (unpadded), its outputs are constants that @c4 folds into its
// bias, and @c2 keeps one filter.
// CHECK-LABEL: ml_program.global private mutable @c2.weight
// CHECK-SAME: tensor<1x3x1x1xf32>
// CHECK: @c4.weight
// CHECK-SAME: tensor<1x1x1x1xf32>
ml_program.global private mutable @c1.weight(dense<0.0> : tensor<3x1x1x1xf32>) : tensor<3x1x1x1xf32>
ml_program.global private mutable @c1.bias(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @ln.weight(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @ln.bias(dense<[0.5, 0.25, 0.125]> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @c2.weight(dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]]]> : tensor<2x3x1x1xf32>) : tensor<2x3x1x1xf32>
ml_program.global private mutable @c4.weight(dense<[[[[1.0]], [[2.0]]]]> : tensor<1x2x1x1xf32>) : tensor<1x2x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @c1.weight : tensor<3x1x1x1xf32>
  %b1 = ml_program.global_load @c1.bias : tensor<3xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x3x3xf32>, tensor<3x1x1x1xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %g = ml_program.global_load @ln.weight : tensor<3xf32>
  %b = ml_program.global_load @ln.bias : tensor<3xf32>
  %n = ssl.layer_norm %y, %g, %b {epsilon = 1.0e-6 : f32} : (tensor<1x3x3x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<1x3x3x3xf32>
  %w2 = ml_program.global_load @c2.weight : tensor<2x3x1x1xf32>
  %h = ssl.conv2d %n, %w2 : (tensor<1x3x3x3xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x3x3xf32>
  %w4 = ml_program.global_load @c4.weight : tensor<1x2x1x1xf32>
  %z = ssl.conv2d %h, %w4 : (tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
