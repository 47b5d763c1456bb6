// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// The verifier diagnostics of ssl.pad, ssl.channel_shuffle, ssl.slice and
// ssl.gather.

// pad: input rank
func.func @pad_rank(%x: tensor<3x5x6xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.pad %x {pads = array<i64: 1, 1, 1, 1>} : tensor<3x5x6xf32> -> tensor<3x7x8xf32>
  return
}

// -----

// pad: count of pads
func.func @pad_count(%x: tensor<1x3x5x6xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right) >= 0, found [1, 1]}}
  %0 = ssl.pad %x {pads = array<i64: 1, 1>} : tensor<1x3x5x6xf32> -> tensor<1x3x7x8xf32>
  return
}

// -----

// pad: negative pad
func.func @pad_negative(%x: tensor<1x3x5x6xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right) >= 0, found [1, -1, 1, 1]}}
  %0 = ssl.pad %x {pads = array<i64: 1, -1, 1, 1>} : tensor<1x3x5x6xf32> -> tensor<1x3x7x6xf32>
  return
}

// -----

// pad: result shape
func.func @pad_result(%x: tensor<1x3x5x6xf32>) {
  // expected-error @+1 {{tensor<1x3x7x8xf32>}}
  %0 = ssl.pad %x {pads = array<i64: 1, 1, 1, 1>} : tensor<1x3x5x6xf32> -> tensor<1x3x7x7xf32>
  return
}

// -----

// channel_shuffle: groups must divide the channels
func.func @shuffle_groups(%x: tensor<1x10x4x4xf32>) {
  // expected-error @+1 {{expects groups >= 1 dividing the 10 channels, found 3}}
  %0 = ssl.channel_shuffle %x {groups = 3 : i64} : tensor<1x10x4x4xf32>
  return
}

// -----

// channel_shuffle: groups >= 1
func.func @shuffle_zero(%x: tensor<1x10x4x4xf32>) {
  // expected-error @+1 {{expects groups >= 1 dividing the 10 channels, found 0}}
  %0 = ssl.channel_shuffle %x {groups = 0 : i64} : tensor<1x10x4x4xf32>
  return
}

// -----

// channel_shuffle: input rank
func.func @shuffle_rank(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 2}}
  %0 = ssl.channel_shuffle %x {groups = 2 : i64} : tensor<2x10xf32>
  return
}

// -----

// slice: empty range
func.func @slice_empty(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects 0 <= begin < end <= 8 channels, found [4, 4)}}
  %0 = ssl.slice %x {begin = 4 : i64, end = 4 : i64} : tensor<1x8x4x4xf32> -> tensor<1x0x4x4xf32>
  return
}

// -----

// slice: past the channels
func.func @slice_past(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects 0 <= begin < end <= 8 channels, found [4, 9)}}
  %0 = ssl.slice %x {begin = 4 : i64, end = 9 : i64} : tensor<1x8x4x4xf32> -> tensor<1x5x4x4xf32>
  return
}

// -----

// slice: rank
func.func @slice_rank(%x: tensor<8xf32>) {
  // expected-error @+1 {{expects an input of rank >= 2 with channels on axis 1}}
  %0 = ssl.slice %x {begin = 0 : i64, end = 4 : i64} : tensor<8xf32> -> tensor<4xf32>
  return
}

// -----

// slice: result shape
func.func @slice_result(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{tensor<1x3x4x4xf32>}}
  %0 = ssl.slice %x {begin = 1 : i64, end = 4 : i64} : tensor<1x8x4x4xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// gather: no index
func.func @gather_empty(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{expects at least one index, found none}}
  %0 = ssl.gather %x {indices = array<i64>} : tensor<2x8xf32> -> tensor<2x0xf32>
  return
}

// -----

// gather: an index past the channels
func.func @gather_past(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{expects indices in [0, 8), found indices[1] = 8}}
  %0 = ssl.gather %x {indices = array<i64: 0, 8>} : tensor<2x8xf32> -> tensor<2x2xf32>
  return
}

// -----

// gather: a negative index
func.func @gather_negative(%x: tensor<1x8x4x4xf32>) {
  // expected-error @+1 {{expects indices in [0, 8), found indices[0] = -1}}
  %0 = ssl.gather %x {indices = array<i64: -1>} : tensor<1x8x4x4xf32> -> tensor<1x1x4x4xf32>
  return
}

// -----

// gather: rank
func.func @gather_rank(%x: tensor<8xf32>) {
  // expected-error @+1 {{expects an input of rank >= 2 with channels on axis 1}}
  %0 = ssl.gather %x {indices = array<i64: 0>} : tensor<8xf32> -> tensor<1xf32>
  return
}

// -----

// gather: result shape
func.func @gather_result(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{tensor<2x2xf32>}}
  %0 = ssl.gather %x {indices = array<i64: 0, 5>} : tensor<2x8xf32> -> tensor<2x3xf32>
  return
}
