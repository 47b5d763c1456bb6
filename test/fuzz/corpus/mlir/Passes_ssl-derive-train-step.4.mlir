
// A global of the counter's name that is not a mutable f32 scalar.
// expected-error @+1 {{'ml_program.global' op expects type 'tensor<f32>' and mutable for the dropout step counter}}
ml_program.global private @"ssl:dropout_step"(dense<0> : tensor<i64>) : tensor<i64>
func.func @main(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %d = ssl.dropout %x : tensor<4x3xf32>
  return %d : tensor<4x3xf32>
}
