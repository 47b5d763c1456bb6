
// global_avg_pool: result type
func.func @case61(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x1x1xf32>', found 'tensor<1x4xf32>'}}
  %0 = ssl.global_avg_pool %x : tensor<1x4x8x8xf32> -> tensor<1x4xf32>
  return
}
