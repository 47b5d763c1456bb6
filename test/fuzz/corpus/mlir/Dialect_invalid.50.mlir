
// max_pool2d: kernel count
func.func @case50(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 kernel sizes, found 3}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}
