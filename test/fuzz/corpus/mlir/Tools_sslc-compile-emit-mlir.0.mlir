// RUN: sslc compile %s --emit mlir -o %t && FileCheck %s < %t.mlir
// RUN: not sslc compile %s --emit mlir --target host-nothing -o %t.bad 2>&1 | FileCheck %s --check-prefix=BADTARGET
// RUN: not ls %t.bad.mlir

// The inference pipeline removes the unused parameter load and keeps the
// network.
// CHECK-LABEL: func.func @main
// CHECK-NOT: @unused
// CHECK: ssl.dense
// CHECK-NEXT: ssl.relu
// BADTARGET: sslc: error: unknown target 'host-nothing'
ml_program.global private @w(dense<0.5> : tensor<4x3xf32>) : tensor<4x3xf32>
ml_program.global private @unused(dense<0.5> : tensor<4xf32>) : tensor<4xf32>
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %w = ml_program.global_load_const @w : tensor<4x3xf32>
  %u = ml_program.global_load_const @unused : tensor<4xf32>
  %y = ssl.dense %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %r = ssl.relu %y : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}
