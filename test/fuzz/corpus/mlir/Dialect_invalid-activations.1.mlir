
// clip: NaN bound
func.func @clip_nan(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{expects min <= max, found min nan and max 6}}
  %0 = ssl.clip %x {min = 0x7FC00000 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  return
}
