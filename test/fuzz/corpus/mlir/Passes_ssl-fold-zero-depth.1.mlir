
// A zero projection shortcut feeding the add becomes its bias as a tensor;
// a live conv is untouched.
// CHECK-LABEL: ml_program.global private mutable @s.proj.folded
// CHECK-SAME: dense<-5.000000e-01> : tensor<1x1x2x2xf32>
// CHECK-LABEL: func.func @main
// CHECK-COUNT-1: ssl.conv2d
ml_program.global private mutable @s.live.weight(dense<1.0> : tensor<1x1x1x1xf32>) : tensor<1x1x1x1xf32>
ml_program.global private mutable @s.proj.weight(dense<0.0> : tensor<1x1x1x1xf32>) : tensor<1x1x1x1xf32>
ml_program.global private mutable @s.proj.bias(dense<-0.5> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = ml_program.global_load @s.live.weight : tensor<1x1x1x1xf32>
  %y = ssl.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %pw = ml_program.global_load @s.proj.weight : tensor<1x1x1x1xf32>
  %pb = ml_program.global_load @s.proj.bias : tensor<1xf32>
  %p = ssl.conv2d %x, %pw, %pb : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %s = ssl.add %y, %p : tensor<1x1x2x2xf32>
  return %s : tensor<1x1x2x2xf32>
}
