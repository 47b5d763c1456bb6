
// slice: rank
func.func @slice_rank(%x: tensor<8xf32>) {
  // expected-error @+1 {{expects an input of rank >= 2 with channels on axis 1}}
  %0 = ssl.slice %x {begin = 0 : i64, end = 4 : i64} : tensor<8xf32> -> tensor<4xf32>
  return
}
