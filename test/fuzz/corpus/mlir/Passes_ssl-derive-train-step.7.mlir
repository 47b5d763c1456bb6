
// expected-error @+1 {{'func.func' op expects one block, one argument (the input batch) and one result (the logits), found 2 argument(s) and 1 result(s)}}
func.func @main(%x: tensor<4x3xf32>, %y: tensor<4x3xf32>) -> tensor<4x3xf32> {
  return %x : tensor<4x3xf32>
}
