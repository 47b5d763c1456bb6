
// max_pool2d: input rank
func.func @case49(%x: tensor<4x8x8xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<4x8x8xf32> -> tensor<4x7x7xf32>
  return
}
