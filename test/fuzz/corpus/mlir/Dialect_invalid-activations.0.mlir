// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// One case per verifier diagnostic of the activation and gating ops (and,
// marked ODS, the constraints ODS checks before the verifiers run).

// clip: min above max
func.func @clip_order(%x: tensor<1x4xf32>) {
  // expected-error @+1 {{'ssl.clip' op expects min <= max, found min 6 and max 0}}
  %0 = ssl.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<1x4xf32>
  return
}
