
// max_pool2d: stride count
func.func @case53(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 strides, found 1}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}
