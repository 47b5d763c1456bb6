
// zero_small: threshold
func.func @case90(%w: tensor<10xf32>) {
  // expected-error @+1 {{expects threshold >= 0, found -1}}
  %0 = ssl.zero_small %w {threshold = -1.0 : f32} : tensor<10xf32>
  return
}
