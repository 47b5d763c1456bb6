
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{is a training op; run ssl-strip-training-ops before inference lowering}}
  %y = ssl.dropout %x {ratio = 0.5 : f32} : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
