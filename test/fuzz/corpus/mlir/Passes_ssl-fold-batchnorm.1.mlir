
// Without a bias the fold creates one; a dense layer folds the same way.
// CHECK: ml_program.global private mutable @fc.bias(dense<-1.000000e+00>
// CHECK-LABEL: func.func @main
// CHECK: %[[B:.*]] = ml_program.global_load @fc.bias
// CHECK: ssl.dense %{{.*}}, %{{.*}}, %[[B]]
// CHECK-NOT: ssl.batch_norm
ml_program.global private mutable @fc.weight(dense<[[1.0, 2.0]]> : tensor<1x2xf32>) : tensor<1x2xf32>
ml_program.global private mutable @bn.weight(dense<[1.0]> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @bn.bias(dense<[-1.0]> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @bn.running_mean(dense<[0.0]> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @bn.running_var(dense<[0.0]> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<3x2xf32>) -> tensor<3x1xf32> {
  %w = ml_program.global_load @fc.weight : tensor<1x2xf32>
  %y = ssl.dense %x, %w : (tensor<3x2xf32>, tensor<1x2xf32>) -> tensor<3x1xf32>
  %g = ml_program.global_load @bn.weight : tensor<1xf32>
  %be = ml_program.global_load @bn.bias : tensor<1xf32>
  %m = ml_program.global_load @bn.running_mean : tensor<1xf32>
  %v = ml_program.global_load @bn.running_var : tensor<1xf32>
  %z = ssl.batch_norm %y, %g, %be, %m, %v {epsilon = 1.0 : f32} : (tensor<3x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x1xf32>
  return %z : tensor<3x1xf32>
}
