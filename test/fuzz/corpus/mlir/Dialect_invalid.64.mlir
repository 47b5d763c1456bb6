
// flatten: input rank
func.func @case64(%x: tensor<8xf32>) {
  // expected-error @+1 {{expects input of rank >= 2, found rank 1}}
  %0 = ssl.flatten %x : tensor<8xf32> -> tensor<8x1xf32>
  return
}
