
// The function result keeps its shape even when a filter is zero.
// CHECK-LABEL: @r1.weight
// CHECK: func.func @main({{.*}}) -> tensor<1x2x3x3xf32>
ml_program.global private mutable @r1.weight(dense<[[[[1.5]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w1 = ml_program.global_load @r1.weight : tensor<2x1x1x1xf32>
  %y = ssl.conv2d %x, %w1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}
