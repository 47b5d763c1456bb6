
// A declaration has no body to follow channels through; it stays as it is.
// CHECK-LABEL: func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
