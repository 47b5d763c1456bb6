
// Depthwise: each channel keeps its own taps (2, 1 and all 4 of them).
// CHECK-LABEL: @d.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00, 0.000000e+00, 0.000000e+00], [3.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00, 7.000000e+00]]> : tensor<3x4xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: groups = 3
// CHECK-SAME: pads = array<i64: 1, 1, 1, 1>
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [0, 1, 1], [1, 0, 1], [2, 0, 0], [2, 0, 1], [2, 1, 0], [2, 1, 1]]> : tensor<7x3xi64>
// CHECK-SAME: (tensor<1x3x3x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
ml_program.global private mutable @d.weight(dense<[
  [[[1.0, 0.0], [0.0, 2.0]]],
  [[[0.0, 3.0], [0.0, 0.0]]],
  [[[4.0, 5.0], [6.0, 7.0]]]]> : tensor<3x1x2x2xf32>) : tensor<3x1x2x2xf32>
ml_program.global private mutable @d.bias(dense<[0.5, 0.25, 0.125]> : tensor<3xf32>) : tensor<3xf32>
func.func @main(%x: tensor<1x3x3x3xf32>) -> tensor<1x3x4x4xf32> {
  %w = ml_program.global_load @d.weight : tensor<3x1x2x2xf32>
  %b = ml_program.global_load @d.bias : tensor<3xf32>
  %y = ssl.conv2d %x, %w, %b {groups = 3 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x3x3xf32>, tensor<3x1x2x2xf32>, tensor<3xf32>) -> tensor<1x3x4x4xf32>
  return %y : tensor<1x3x4x4xf32>
}
