
// max_pool2d: result type (ceil mode drops a window in the end padding)
func.func @case57(%x: tensor<1x4x5x5xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x3x3xf32>', found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x4x5x5xf32> -> tensor<1x4x4x4xf32>
  return
}
