
// A residual branch whose depth_bn group is zero (conv2's weight and bn2's
// γ and β): bn2 outputs exactly 0, the add of that 0 is its other operand,
// and the whole branch is gone: the block is relu(x).
// CHECK-LABEL: func.func @main
// CHECK-NOT: ssl.conv2d
// CHECK-NOT: ssl.batch_norm
// CHECK-NOT: ssl.add
// CHECK: %[[O:.*]] = ssl.relu %arg0
// CHECK: return %[[O]]
ml_program.global private mutable @d.conv1.weight(dense<0.5> : tensor<1x1x3x3xf32>) : tensor<1x1x3x3xf32>
ml_program.global private mutable @d.bn1.weight(dense<2.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.bn1.bias(dense<0.5> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.bn1.running_mean(dense<0.25> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.bn1.running_var(dense<4.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.conv2.weight(dense<0.0> : tensor<1x1x3x3xf32>) : tensor<1x1x3x3xf32>
ml_program.global private mutable @d.bn2.weight(dense<0.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.bn2.bias(dense<0.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.bn2.running_mean(dense<0.75> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @d.bn2.running_var(dense<2.0> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @d.conv1.weight : tensor<1x1x3x3xf32>
  %c1 = ssl.conv2d %x, %w1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %g1 = ml_program.global_load @d.bn1.weight : tensor<1xf32>
  %b1 = ml_program.global_load @d.bn1.bias : tensor<1xf32>
  %m1 = ml_program.global_load @d.bn1.running_mean : tensor<1xf32>
  %v1 = ml_program.global_load @d.bn1.running_var : tensor<1xf32>
  %n1 = ssl.batch_norm %c1, %g1, %b1, %m1, %v1 : (tensor<1x1x3x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  %r1 = ssl.relu %n1 : tensor<1x1x3x3xf32>
  %w2 = ml_program.global_load @d.conv2.weight : tensor<1x1x3x3xf32>
  %c2 = ssl.conv2d %r1, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32>
  %g2 = ml_program.global_load @d.bn2.weight : tensor<1xf32>
  %b2 = ml_program.global_load @d.bn2.bias : tensor<1xf32>
  %m2 = ml_program.global_load @d.bn2.running_mean : tensor<1xf32>
  %v2 = ml_program.global_load @d.bn2.running_var : tensor<1xf32>
  %n2 = ssl.batch_norm %c2, %g2, %b2, %m2, %v2 : (tensor<1x1x3x3xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  %s = ssl.add %n2, %x : tensor<1x1x3x3xf32>
  %o = ssl.relu %s : tensor<1x1x3x3xf32>
  return %o : tensor<1x1x3x3xf32>
}
