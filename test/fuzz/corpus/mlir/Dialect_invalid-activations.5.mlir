
// sigmoid: element type (ODS)
func.func @sigmoid_f16(%x: tensor<1x4xf16>) {
  // expected-error @+1 {{must be ranked tensor of 32-bit float values}}
  %0 = ssl.sigmoid %x : tensor<1x4xf16>
  return
}
