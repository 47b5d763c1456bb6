// RUN: ssl-opt %s -split-input-file -ssl-fold-zero-depth -canonicalize | FileCheck %s

// A residual branch whose first conv is zero: its output is the bias 1,
// after relu still 1, and the padded 3×3 conv of that constant is fixed at
// compile time — 9 taps inside, 6 on an edge, 4 in a corner (times the
// weight 0.5, plus bias 0.25). The block becomes relu(x + c).
// CHECK-LABEL: ml_program.global private mutable @b.conv2.folded
// CHECK-SAME: dense<{{\[\[\[}}[2.250000e+00, 3.250000e+00, 2.250000e+00], [3.250000e+00, 4.750000e+00, 3.250000e+00], [2.250000e+00, 3.250000e+00, 2.250000e+00]]]]>
// CHECK-LABEL: func.func @main
// CHECK-NOT: ssl.conv2d
// CHECK: %[[C:.*]] = ml_program.global_load @b.conv2.folded
// CHECK: %[[S:.*]] = ssl.add %arg0, %[[C]]
// CHECK: ssl.relu %[[S]]
ml_program.global private mutable @b.conv1.weight(dense<0.0> : tensor<1x1x3x3xf32>) : tensor<1x1x3x3xf32>
ml_program.global private mutable @b.conv1.bias(dense<1.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @b.conv2.weight(dense<0.5> : tensor<1x1x3x3xf32>) : tensor<1x1x3x3xf32>
ml_program.global private mutable @b.conv2.bias(dense<0.25> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @b.conv1.weight : tensor<1x1x3x3xf32>
  %b1 = ml_program.global_load @b.conv1.bias : tensor<1xf32>
  %y = ssl.conv2d %x, %w1, %b1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  %r = ssl.relu %y : tensor<1x1x3x3xf32>
  %w2 = ml_program.global_load @b.conv2.weight : tensor<1x1x3x3xf32>
  %b2 = ml_program.global_load @b.conv2.bias : tensor<1xf32>
  %z = ssl.conv2d %r, %w2, %b2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x3x3xf32>, tensor<1x1x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  %s = ssl.add %x, %z : tensor<1x1x3x3xf32>
  %o = ssl.relu %s : tensor<1x1x3x3xf32>
  return %o : tensor<1x1x3x3xf32>
}

// -----

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

// -----

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

// -----

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

// -----

// Any per-channel op may sit between the zero γ and the add, GELU as well
// as ReLU: the branch outputs gelu(β), the block x + gelu(β).
// CHECK-LABEL: ml_program.global private mutable @g.bn.bias.folded
// CHECK-SAME: dense<-1.500000e+00> : tensor<1x1x2x2xf32>
// CHECK-LABEL: func.func @main
// CHECK-NOT: ssl.conv2d
// CHECK-NOT: ssl.batch_norm
// CHECK: %[[C:.*]] = ml_program.global_load @g.bn.bias.folded
// CHECK: %[[G:.*]] = ssl.gelu %[[C]]
// CHECK: ssl.add %[[G]], %arg0
ml_program.global private mutable @g.conv.weight(dense<0.5> : tensor<1x1x1x1xf32>) : tensor<1x1x1x1xf32>
ml_program.global private mutable @g.bn.weight(dense<0.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @g.bn.bias(dense<-1.5> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @g.bn.running_mean(dense<0.75> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @g.bn.running_var(dense<2.0> : tensor<1xf32>) : tensor<1xf32>
func.func @main(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = ml_program.global_load @g.conv.weight : tensor<1x1x1x1xf32>
  %c = ssl.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %g = ml_program.global_load @g.bn.weight : tensor<1xf32>
  %b = ml_program.global_load @g.bn.bias : tensor<1xf32>
  %m = ml_program.global_load @g.bn.running_mean : tensor<1xf32>
  %v = ml_program.global_load @g.bn.running_var : tensor<1xf32>
  %n = ssl.batch_norm %c, %g, %b, %m, %v : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %a = ssl.gelu %n : tensor<1x1x2x2xf32>
  %s = ssl.add %a, %x : tensor<1x1x2x2xf32>
  return %s : tensor<1x1x2x2xf32>
}

// -----

// A declaration has no body to follow channels through; it stays as it is.
// CHECK-LABEL: func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
func.func private @declared(tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
