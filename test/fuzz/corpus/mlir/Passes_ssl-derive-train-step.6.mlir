
ml_program.global private mutable @w(dense<0.5> : tensor<2x3xf32>) : tensor<2x3xf32>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x2xf32> {
  %w = ml_program.global_load @w : tensor<2x3xf32>
  %y = ssl.dense %x, %w : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<4x2xf32>
  // A softmax before the last one is part of the network, and has no VJP.
  // expected-error @+1 {{'ssl.softmax' op has no gradient rule, but a trained parameter reaches the loss through it}}
  %p = ssl.softmax %y : tensor<4x2xf32>
  %q = ssl.softmax %p : tensor<4x2xf32>
  return %q : tensor<4x2xf32>
}
