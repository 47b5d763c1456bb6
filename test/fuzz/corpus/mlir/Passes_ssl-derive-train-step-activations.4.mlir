
// A squeeze-and-excitation gate: the product is reached first.
ml_program.global private mutable @w(dense<0.5> : tensor<2x3x1x1xf32>) : tensor<2x3x1x1xf32>
func.func @main(%x: tensor<1x3x4x4xf32>) -> tensor<1x32xf32> {
  %w = ml_program.global_load @w : tensor<2x3x1x1xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  %p = ssl.global_avg_pool %y : tensor<1x2x4x4xf32> -> tensor<1x2x1x1xf32>
  %g = ssl.sigmoid %p : tensor<1x2x1x1xf32>
  // expected-error @+1 {{'ssl.mul' op has no gradient rule}}
  %z = ssl.mul %y, %g : tensor<1x2x4x4xf32>, tensor<1x2x1x1xf32>
  %f = ssl.flatten %z : tensor<1x2x4x4xf32> -> tensor<1x32xf32>
  return %f : tensor<1x32xf32>
}
