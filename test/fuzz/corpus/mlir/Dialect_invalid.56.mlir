
// max_pool2d: result type (floor mode)
func.func @case56(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x3x3xf32>', found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}
