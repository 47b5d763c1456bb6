// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// One case per verifier diagnostic of the activation and gating ops (and,
// marked ODS, the constraints ODS checks before the verifiers run).

// clip: min above max
func.func @clip_order(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.clip' op expects min <= max, found min 6 and max 0}}
  %0 = ssl.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<1x4xf32>
  return
}

// -----

// clip: NaN bound
func.func @clip_nan(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{expects min <= max, found min nan and max 6}}
  %0 = ssl.clip %x {min = 0x7FC00000 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  return
}

// -----

// clip: bounds are required (ODS)
func.func @clip_missing(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{requires attribute 'max'}}
  %0 = ssl.clip %x {min = 0.0 : f32} : tensor<1x4xf32>
  return
}

// -----

// clip: result type (ODS)
func.func @clip_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.clip' op requires the same type for all operands and results}}
  %0 = "ssl.clip"(%x) {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x4xf32>) -> tensor<1x5xf32>
  return
}

// -----

// hard_sigmoid: infinite slope
func.func @hard_sigmoid_inf(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.hard_sigmoid' op expects finite alpha and beta, found alpha inf and beta 0.5}}
  %0 = ssl.hard_sigmoid %x {alpha = 0x7F800000 : f32, beta = 0.5 : f32} : tensor<1x4xf32>
  return
}

// -----

// sigmoid: element type (ODS)
func.func @sigmoid_f16(%x: tensor<1x4xf16>) {
  // expected-error @+1 {{must be ranked tensor of 32-bit float values}}
  %0 = ssl.sigmoid %x : tensor<1x4xf16>
  return
}

// -----

// hard_swish: result type (ODS)
func.func @hard_swish_type(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.hard_swish' op requires the same type for all operands and results}}
  %0 = "ssl.hard_swish"(%x) : (tensor<1x4xf32>) -> tensor<4x1xf32>
  return
}

// -----

// mul: rank of the broadcast operand
func.func @mul_rank(%x: tensor<2x16x8x8xf32>, %g: tensor<2x16xf32>) {
  // expected-error @+1 {{'ssl.mul' op expects rhs of rank 4 (the rank of lhs [2, 16, 8, 8]), found [2, 16]}}
  %0 = ssl.mul %x, %g : tensor<2x16x8x8xf32>, tensor<2x16xf32>
  return
}

// -----

// mul: a size that is neither the lhs size nor 1
func.func @mul_size(%x: tensor<2x16x8x8xf32>, %g: tensor<2x8x1x1xf32>) {
  // expected-error @+1 {{expects rhs of size 1 or 16 along axis 1 to broadcast to lhs [2, 16, 8, 8], found [2, 8, 1, 1]}}
  %0 = ssl.mul %x, %g : tensor<2x16x8x8xf32>, tensor<2x8x1x1xf32>
  return
}

// -----

// mul: only the second operand broadcasts
func.func @mul_lhs_broadcast(%g: tensor<2x16x1x1xf32>, %x: tensor<2x16x8x8xf32>) {
  // expected-error @+1 {{expects rhs of size 1 or 1 along axis 2 to broadcast to lhs [2, 16, 1, 1], found [2, 16, 8, 8]}}
  %0 = "ssl.mul"(%g, %x) : (tensor<2x16x1x1xf32>, tensor<2x16x8x8xf32>) -> tensor<2x16x1x1xf32>
  return
}

// -----

// mul: the result has the type of lhs (ODS)
func.func @mul_result(%x: tensor<2x16x8x8xf32>, %g: tensor<2x16x1x1xf32>) {
  // expected-error @+1 {{all of {lhs, output} have same type}}
  %0 = "ssl.mul"(%x, %g) : (tensor<2x16x8x8xf32>, tensor<2x16x1x1xf32>) -> tensor<2x16x1x1xf32>
  return
}

// -----

// layer_norm: gamma has one value per channel
func.func @layer_norm_gamma(%x: tensor<2x96x8x8xf32>, %g: tensor<95xf32>, %b: tensor<96xf32>) {
  // expected-error @+1 {{'ssl.layer_norm' op expects gamma of shape [96], found [95]}}
  %0 = ssl.layer_norm %x, %g, %b : (tensor<2x96x8x8xf32>, tensor<95xf32>, tensor<96xf32>) -> tensor<2x96x8x8xf32>
  return
}

// -----

// layer_norm: epsilon must be positive
func.func @layer_norm_epsilon(%x: tensor<2x96xf32>, %g: tensor<96xf32>) {
  // expected-error @+1 {{'ssl.layer_norm' op expects epsilon > 0, found 0}}
  %0 = ssl.layer_norm %x, %g, %g {epsilon = 0.0 : f32} : (tensor<2x96xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<2x96xf32>
  return
}

// -----

// layer_norm: the channels are on axis 1 of a tensor of rank >= 2
func.func @layer_norm_rank(%x: tensor<96xf32>, %g: tensor<96xf32>) {
  // expected-error @+1 {{'ssl.layer_norm' op expects an input of rank >= 2 with channels on axis 1, found rank 1}}
  %0 = ssl.layer_norm %x, %g, %g : (tensor<96xf32>, tensor<96xf32>, tensor<96xf32>) -> tensor<96xf32>
  return
}
