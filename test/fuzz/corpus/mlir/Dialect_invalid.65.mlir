
// flatten: result type
func.func @case65(%x: tensor<2x3x4x5xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<2x60xf32>', found 'tensor<2x20xf32>'}}
  %0 = ssl.flatten %x : tensor<2x3x4x5xf32> -> tensor<2x20xf32>
  return
}
