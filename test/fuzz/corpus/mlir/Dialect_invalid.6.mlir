
// dense: operand element type (ODS)
func.func @case6(%x: tensor<4x6xf16>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf16>, tensor<5x6xf32>) -> tensor<4x5xf32>
  return
}
