
// A conv result with a second user keeps its batch norm.
// CHECK-LABEL: func.func @main
// CHECK: ssl.batch_norm
ml_program.global private mutable @conv.weight(dense<1.0> : tensor<1x1x1x1xf32>) : tensor<1x1x1x1xf32>
ml_program.global private mutable @bn.weight(dense<[2.0]> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @bn.bias(dense<[0.0]> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @bn.running_mean(dense<[0.0]> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @bn.running_var(dense<[1.0]> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = ml_program.global_load @conv.weight : tensor<1x1x1x1xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %g = ml_program.global_load @bn.weight : tensor<1xf32>
  %be = ml_program.global_load @bn.bias : tensor<1xf32>
  %m = ml_program.global_load @bn.running_mean : tensor<1xf32>
  %v = ml_program.global_load @bn.running_var : tensor<1xf32>
  %z = ssl.batch_norm %y, %g, %be, %m, %v : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y, %z : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}
