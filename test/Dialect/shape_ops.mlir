// RUN: ssl-opt %s | ssl-opt | FileCheck %s
// RUN: ssl-opt %s --mlir-print-op-generic | ssl-opt | FileCheck %s

// ssl.pad, ssl.channel_shuffle, ssl.slice and ssl.gather survive printing and parsing,
// in custom and generic form.

// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<2x3x5x6xf32>) -> tensor<2x3x8x7xf32> {
  // CHECK: ssl.pad %{{.*}} {pads = array<i64: 1, 0, 2, 1>} : tensor<2x3x5x6xf32> -> tensor<2x3x8x7xf32>
  %0 = ssl.pad %x {pads = array<i64: 1, 0, 2, 1>}
      : tensor<2x3x5x6xf32> -> tensor<2x3x8x7xf32>
  return %0 : tensor<2x3x8x7xf32>
}

// CHECK-LABEL: func.func @channel_shuffle
func.func @channel_shuffle(%x: tensor<1x12x4x4xf32>) -> tensor<1x12x4x4xf32> {
  // CHECK: ssl.channel_shuffle %{{.*}} {groups = 3 : i64} : tensor<1x12x4x4xf32>
  %0 = ssl.channel_shuffle %x {groups = 3 : i64} : tensor<1x12x4x4xf32>
  return %0 : tensor<1x12x4x4xf32>
}

// CHECK-LABEL: func.func @slice
func.func @slice(%x: tensor<1x8x4x4xf32>, %y: tensor<3x10xf32>)
    -> (tensor<1x4x4x4xf32>, tensor<3x2xf32>) {
  // CHECK: ssl.slice %{{.*}} {begin = 4 : i64, end = 8 : i64} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
  %0 = ssl.slice %x {begin = 4 : i64, end = 8 : i64}
      : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
  // CHECK: ssl.slice %{{.*}} {begin = 0 : i64, end = 2 : i64} : tensor<3x10xf32> -> tensor<3x2xf32>
  %1 = ssl.slice %y {begin = 0 : i64, end = 2 : i64}
      : tensor<3x10xf32> -> tensor<3x2xf32>
  return %0, %1 : tensor<1x4x4x4xf32>, tensor<3x2xf32>
}

// CHECK-LABEL: func.func @gather
func.func @gather(%x: tensor<1x8x4x4xf32>, %y: tensor<3x10xf32>)
    -> (tensor<1x3x4x4xf32>, tensor<3x4xf32>) {
  // CHECK: ssl.gather %{{.*}} {indices = array<i64: 7, 0, 3>} : tensor<1x8x4x4xf32> -> tensor<1x3x4x4xf32>
  %0 = ssl.gather %x {indices = array<i64: 7, 0, 3>}
      : tensor<1x8x4x4xf32> -> tensor<1x3x4x4xf32>
  // CHECK: ssl.gather %{{.*}} {indices = array<i64: 1, 1, 2, 9>} : tensor<3x10xf32> -> tensor<3x4xf32>
  %1 = ssl.gather %y {indices = array<i64: 1, 1, 2, 9>}
      : tensor<3x10xf32> -> tensor<3x4xf32>
  return %0, %1 : tensor<1x3x4x4xf32>, tensor<3x4xf32>
}
