// RUN: ssl-opt %s | ssl-opt | FileCheck %s
// RUN: ssl-opt %s --mlir-print-op-generic | ssl-opt | FileCheck %s

// The activation and gating ops survive printing and parsing, in custom and
// generic form.

// CHECK-LABEL: func.func @clip
func.func @clip(%x: tensor<1x32x8x8xf32>, %v: tensor<?x10xf32>)
    -> (tensor<1x32x8x8xf32>, tensor<?x10xf32>) {
  // CHECK: ssl.clip %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x32x8x8xf32>
  %0 = ssl.clip %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x32x8x8xf32>
  // Bounds may be equal, and as wide as the f32 range.
  // CHECK: ssl.clip %{{.*}} {max = 3.40282347E+38 : f32, min = -3.40282347E+38 : f32} : tensor<?x10xf32>
  %1 = ssl.clip %v {min = -3.40282347E+38 : f32, max = 3.40282347E+38 : f32} : tensor<?x10xf32>
  return %0, %1 : tensor<1x32x8x8xf32>, tensor<?x10xf32>
}

// CHECK-LABEL: func.func @sigmoid
func.func @sigmoid(%x: tensor<2x16x1x1xf32>) -> tensor<2x16x1x1xf32> {
  // CHECK: ssl.sigmoid %{{.*}} : tensor<2x16x1x1xf32>
  %0 = ssl.sigmoid %x : tensor<2x16x1x1xf32>
  return %0 : tensor<2x16x1x1xf32>
}

// CHECK-LABEL: func.func @hard_sigmoid
func.func @hard_sigmoid(%x: tensor<1x16x1x1xf32>)
    -> (tensor<1x16x1x1xf32>, tensor<1x16x1x1xf32>, tensor<1x16x1x1xf32>) {
  // beta 0.5 is the default and is not printed.
  // CHECK: ssl.hard_sigmoid %{{.*}} {alpha = 0.166666672 : f32} : tensor<1x16x1x1xf32>
  %0 = ssl.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 0.5 : f32} : tensor<1x16x1x1xf32>
  // ONNX's defaults, alpha 0.2 and beta 0.5, when the attributes are left out.
  // CHECK: ssl.hard_sigmoid %{{.*}} : tensor<1x16x1x1xf32>
  %1 = ssl.hard_sigmoid %x : tensor<1x16x1x1xf32>
  // CHECK: ssl.hard_sigmoid %{{.*}} {alpha = -7.500000e-01 : f32, beta = 2.500000e-01 : f32} : tensor<1x16x1x1xf32>
  %2 = ssl.hard_sigmoid %x {alpha = -0.75 : f32, beta = 0.25 : f32} : tensor<1x16x1x1xf32>
  return %0, %1, %2 : tensor<1x16x1x1xf32>, tensor<1x16x1x1xf32>, tensor<1x16x1x1xf32>
}

// CHECK-LABEL: func.func @hard_swish
func.func @hard_swish(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  // CHECK: ssl.hard_swish %{{.*}} : tensor<1x16x8x8xf32>
  %0 = ssl.hard_swish %x : tensor<1x16x8x8xf32>
  return %0 : tensor<1x16x8x8xf32>
}

// CHECK-LABEL: func.func @mul
func.func @mul(%x: tensor<2x16x8x8xf32>, %gate: tensor<2x16x1x1xf32>,
               %scale: tensor<1x16x1x1xf32>, %s: tensor<1x1x1x1xf32>,
               %d: tensor<?x16x8x8xf32>, %dg: tensor<?x16x1x1xf32>)
    -> (tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>,
        tensor<2x16x8x8xf32>, tensor<?x16x8x8xf32>) {
  // Squeeze-and-excitation: a gate per image and channel.
  // CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<2x16x8x8xf32>, tensor<2x16x1x1xf32>
  %0 = ssl.mul %x, %gate : tensor<2x16x8x8xf32>, tensor<2x16x1x1xf32>
  // SiLU: equal shapes.
  // CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>
  %1 = ssl.mul %x, %x : tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>
  // A per-channel and a scalar factor.
  // CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<2x16x8x8xf32>, tensor<1x16x1x1xf32>
  %2 = ssl.mul %x, %scale : tensor<2x16x8x8xf32>, tensor<1x16x1x1xf32>
  // CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<2x16x8x8xf32>, tensor<1x1x1x1xf32>
  %3 = ssl.mul %x, %s : tensor<2x16x8x8xf32>, tensor<1x1x1x1xf32>
  // A dynamic batch on both sides.
  // CHECK: ssl.mul %{{.*}}, %{{.*}} : tensor<?x16x8x8xf32>, tensor<?x16x1x1xf32>
  %4 = ssl.mul %d, %dg : tensor<?x16x8x8xf32>, tensor<?x16x1x1xf32>
  return %0, %1, %2, %3, %4 : tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>,
      tensor<2x16x8x8xf32>, tensor<2x16x8x8xf32>, tensor<?x16x8x8xf32>
}

// CHECK-LABEL: func.func @gelu
func.func @gelu(%x: tensor<1x384x8x8xf32>) -> tensor<1x384x8x8xf32> {
  // CHECK: ssl.gelu %{{.*}} : tensor<1x384x8x8xf32>
  %0 = ssl.gelu %x : tensor<1x384x8x8xf32>
  return %0 : tensor<1x384x8x8xf32>
}

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x96x8x8xf32>, %v: tensor<?x96xf32>,
                      %g: tensor<96xf32>, %b: tensor<96xf32>)
    -> (tensor<2x96x8x8xf32>, tensor<?x96xf32>) {
  // CHECK: ssl.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 9.99999997E-7 : f32} : (tensor<2x96x8x8xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<2x96x8x8xf32>
  %0 = ssl.layer_norm %x, %g, %b {epsilon = 1.0e-6 : f32}
      : (tensor<2x96x8x8xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<2x96x8x8xf32>
  // Over the features of [N, C]; epsilon defaults to 1e-5.
  // CHECK: ssl.layer_norm %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x96xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<?x96xf32>
  %1 = ssl.layer_norm %v, %g, %b
      : (tensor<?x96xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<?x96xf32>
  return %0, %1 : tensor<2x96x8x8xf32>, tensor<?x96xf32>
}
