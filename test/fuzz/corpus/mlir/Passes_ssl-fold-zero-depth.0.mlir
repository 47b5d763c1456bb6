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
