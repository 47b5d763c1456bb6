
// dense_grad_weight: result type
func.func @case99(%x: tensor<2x6xf32>, %dy: tensor<2x4xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<4x6xf32>', found 'tensor<6x4xf32>'}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6xf32>, tensor<2x4xf32>) -> tensor<6x4xf32>
  return
}
