
// clip: result type (ODS)
func.func @clip_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.clip' op requires the same type for all operands and results}}
  %0 = "ssl.clip"(%x) {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return
}
