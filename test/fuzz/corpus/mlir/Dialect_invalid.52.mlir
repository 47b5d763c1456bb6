
// max_pool2d: missing kernel (ODS)
func.func @case52(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{requires attribute 'kernel'}}
  %0 = ssl.max_pool2d %x : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}
