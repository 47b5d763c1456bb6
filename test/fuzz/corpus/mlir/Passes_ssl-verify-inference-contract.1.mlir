
// expected-error @+1 {{expects argument #0 to be a static f32 tensor, found 'tensor<?x3xf32>'}}
func.func @main(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}
