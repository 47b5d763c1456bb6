
// sgd_momentum: learning rate rank (ODS)
func.func @case88(%w: tensor<10xf32>, %g: tensor<10xf32>, %v: tensor<10xf32>, %lr: tensor<1xf32>) {
  // expected-error @+1 {{operand #3 must be 0D tensor of 32-bit float values}}
  %0:2 = ssl.sgd_momentum %w, %g, %v, %lr : tensor<10xf32>, tensor<1xf32>
  return
}
