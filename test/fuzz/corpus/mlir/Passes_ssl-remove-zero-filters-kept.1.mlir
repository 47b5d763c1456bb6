
// A padded 3×3 consumer needs the constant channel 1 of @p1 (it sees 1.5
// only inside the image), so the channel stays, but @p1 computes only
// filter 0; the consumer keeps reading both channels.
// CHECK-LABEL: @p1.weight(dense<2.000000e+00> : tensor<1x1xf32>)
// CHECK: @p1.bias(dense<[0.000000e+00, 1.500000e+00]> : tensor<2xf32>)
// CHECK: @p2.weight(dense<1.000000e+00> : tensor<1x2x3x3xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0>
// CHECK-SAME: taps = dense<0> : tensor<1x3xi64>
// CHECK-SAME: -> tensor<1x2x4x4xf32>
// CHECK: ssl.conv2d
// CHECK-SAME: (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
ml_program.global private mutable @p1.weight(dense<[[[[2.0]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @p1.bias(dense<[0.0, 1.5]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @p2.weight(dense<1.0> : tensor<1x2x3x3xf32>) : tensor<1x2x3x3xf32>
func.func @main(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %w1 = ml_program.global_load @p1.weight : tensor<2x1x1x1xf32>
  %b1 = ml_program.global_load @p1.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %w2 = ml_program.global_load @p2.weight : tensor<1x2x3x3xf32>
  %z = ssl.conv2d %y, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x4x4xf32>
  return %z : tensor<1x1x4x4xf32>
}
