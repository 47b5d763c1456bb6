
// clip: bounds are required (ODS)
func.func @clip_missing(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{requires attribute 'max'}}
  %0 = ssl.clip %x {min = 0.0 : f32} : tensor<1x4xf32>
  return
}
