
// apply_mask: mask shape (ODS)
func.func @case91(%w: tensor<10xf32>, %m: tensor<5xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.apply_mask"(%w, %m) : (tensor<10xf32>, tensor<5xf32>) -> tensor<10xf32>
  return
}
