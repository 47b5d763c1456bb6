
// A conv whose weight is zero everywhere keeps one filter with one zero
// tap; every other channel is its bias.
// CHECK-LABEL: @z.weight(dense<0.000000e+00> : tensor<1x1xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0>
// CHECK-SAME: taps = dense<0> : tensor<1x3xi64>
// CHECK-SAME: (tensor<1x1x3x3xf32>, tensor<1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
ml_program.global private mutable @z.weight(dense<0.0> : tensor<2x1x2x2xf32>) : tensor<2x1x2x2xf32>
ml_program.global private mutable @z.bias(dense<[1.0, 2.0]> : tensor<2xf32>) : tensor<2xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x2x2xf32> {
  %w = ml_program.global_load @z.weight : tensor<2x1x2x2xf32>
  %b = ml_program.global_load @z.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w, %b : (tensor<1x1x3x3xf32>, tensor<2x1x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}
