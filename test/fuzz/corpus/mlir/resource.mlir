module {
  ml_program.global private mutable @fc.bias(dense<0.5> : tensor<2xf32>) : tensor<2xf32>
  ml_program.global private mutable @fc.weight(dense_resource<w> : tensor<2x2xf32>) : tensor<2x2xf32>
  func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
    %b = ml_program.global_load @fc.bias : tensor<2xf32>
    %w = ml_program.global_load @fc.weight : tensor<2x2xf32>
    %0 = ssl.dense %arg0, %w, %b : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
    return %0 : tensor<1x2xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
