
// A zero γ with a nonzero β: the branch outputs β, the block relu(x + β).
// CHECK-LABEL: ml_program.global private mutable @e.bn.bias.folded
// CHECK-SAME: dense<-1.500000e+00> : tensor<1x1x2x2xf32>
// CHECK-LABEL: func.func @main
// CHECK-NOT: ssl.conv2d
// CHECK-NOT: ssl.batch_norm
// CHECK: %[[C:.*]] = ml_program.global_load @e.bn.bias.folded
// CHECK: ssl.add %[[C]], %arg0
ml_program.global private mutable @e.conv.weight(dense<0.5> : tensor<1x1x1x1xf32>) : tensor<1x1x1x1xf32>
ml_program.global private mutable @e.bn.weight(dense<0.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @e.bn.bias(dense<-1.5> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @e.bn.running_mean(dense<0.75> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @e.bn.running_var(dense<2.0> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = ml_program.global_load @e.conv.weight : tensor<1x1x1x1xf32>
  %c = ssl.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %g = ml_program.global_load @e.bn.weight : tensor<1xf32>
  %b = ml_program.global_load @e.bn.bias : tensor<1xf32>
  %m = ml_program.global_load @e.bn.running_mean : tensor<1xf32>
  %v = ml_program.global_load @e.bn.running_var : tensor<1xf32>
  %n = ssl.batch_norm %c, %g, %b, %m, %v : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %s = ssl.add %n, %x : tensor<1x1x2x2xf32>
  %o = ssl.relu %s : tensor<1x1x2x2xf32>
  return %o : tensor<1x1x2x2xf32>
}
