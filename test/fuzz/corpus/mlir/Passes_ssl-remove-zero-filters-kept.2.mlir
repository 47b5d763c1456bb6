
// Without a bias the filter not computed is 0: a zero bias is created.
// CHECK-LABEL: @k.weight(dense<3.000000e+00> : tensor<1x1xf32>)
// CHECK: @k.bias(dense<0.000000e+00> : tensor<2xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 1>
// CHECK-SAME: (tensor<1x1x3x3xf32>, tensor<1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @k.weight(dense<[[[[0.0]]], [[[3.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = ml_program.global_load @k.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
