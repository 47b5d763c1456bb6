// RUN: sslc compile %S/Inputs/grouped_ssl_conv.onnx --prune --emit mlir -o %t
// RUN: FileCheck %s < %t.mlir

// The user path: an ONNX Conv with groups = 2 (as AlexNet's conv4), zero
// taps in each group and a zero filter, pruned by `sslc compile --prune`.
// Group 0 keeps taps (0, 0, 0) and (1, 2, 2), group 1 only (2, 1, 1); the
// network's result keeps channel 1, which is its bias and is not computed.
// CHECK: @conv.weight(dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 0.000000e+00], [4.000000e+00, 0.000000e+00]]> : tensor<3x2xf32>)
// CHECK: @conv.bias(dense<[5.000000e-01, 2.500000e-01, -5.000000e-01, 1.000000e+00]> : tensor<4xf32>)
// CHECK: ssl.shape_pruned_conv2d
// CHECK-SAME: filters = array<i64: 0, 2, 3>
// CHECK-SAME: groups = 2
// CHECK-SAME: taps = dense<{{\[\[}}0, 0, 0], [1, 2, 2], [2, 1, 1]]> : tensor<3x3xi64>
// CHECK-SAME: (tensor<1x4x5x5xf32>, tensor<3x2xf32>, tensor<4xf32>) -> tensor<1x4x5x5xf32>
// CHECK-NOT: ssl.conv2d
