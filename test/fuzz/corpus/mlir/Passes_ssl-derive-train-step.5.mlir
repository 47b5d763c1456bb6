
ml_program.global private mutable @w(dense<0.5> : tensor<2x2xf32>) : tensor<2x2xf32>
func.func @main(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = ml_program.global_load @w : tensor<2x2xf32>
  // expected-error @+1 {{'ssl.shape_pruned_conv2d' op cannot be trained (train the Model IR with ssl.conv2d and ssl.batch_norm)}}
  %y = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 1, 1>, taps = dense<[[0, 0, 0], [2, 0, 0]]> : tensor<2x3xi64>}
      : (tensor<1x3x4x4xf32>, tensor<2x2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}
