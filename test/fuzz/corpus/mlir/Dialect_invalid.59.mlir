
// avg_pool2d: result type
func.func @case59(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x4x4xf32>', found 'tensor<1x4x8x8xf32>'}}
  %0 = ssl.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, count_include_pad = true} : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}
