
// hard_sigmoid: infinite slope
func.func @hard_sigmoid_inf(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.hard_sigmoid' op expects finite alpha and beta, found alpha inf and beta 0.5}}
  %0 = ssl.hard_sigmoid %x {alpha = 0x7F800000 : f32, beta = 0.5 : f32} : tensor<1x4xf32>
  return
}
