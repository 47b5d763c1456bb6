
func.func @groups_divide_filters(%x: tensor<1x4x8x8xf32>, %w: tensor<3x1xf32>) {
  // expected-error @+1 {{expects output channels divisible by 2 groups, found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {groups = 2 : i64, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x4x8x8xf32>, tensor<3x1xf32>) -> tensor<1x3x6x6xf32>
  return
}
