
// max_pool2d: kernel larger than the padded input
func.func @case55(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects padded input height >= kernel height 10, found 8}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 10, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x1x7xf32>
  return
}
