// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// One case per verifier diagnostic of the ssl dialect (and, marked ODS,
// the constraints ODS checks before the verifiers run).

// dense: input rank
func.func @case0(%x: tensor<4x2x3xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{expects a rank-2 input [N, K], found rank 3}}
  %0 = ssl.dense %x, %w : (tensor<4x2x3xf32>, tensor<5x6xf32>) -> tensor<4x5xf32>
  return
}

// -----

// dense: weight rank
func.func @case1(%x: tensor<4x6xf32>, %w: tensor<5xf32>) {
  // expected-error @+1 {{expects a rank-2 weight [M, K], found rank 1}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf32>, tensor<5xf32>) -> tensor<4x5xf32>
  return
}

// -----

// dense: input features
func.func @case2(%x: tensor<4x6xf32>, %w: tensor<5x7xf32>) {
  // expected-error @+1 {{expects weight with 6 input features, found 7}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf32>, tensor<5x7xf32>) -> tensor<4x5xf32>
  return
}

// -----

// dense: bias rank
func.func @case3(%x: tensor<4x6xf32>, %w: tensor<5x6xf32>, %b: tensor<5x1xf32>) {
  // expected-error @+1 {{expects a rank-1 bias [M], found rank 2}}
  %0 = ssl.dense %x, %w, %b : (tensor<4x6xf32>, tensor<5x6xf32>, tensor<5x1xf32>) -> tensor<4x5xf32>
  return
}

// -----

// dense: bias shape
func.func @case4(%x: tensor<4x6xf32>, %w: tensor<5x6xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{expects bias of shape [5], found [6]}}
  %0 = ssl.dense %x, %w, %b : (tensor<4x6xf32>, tensor<5x6xf32>, tensor<6xf32>) -> tensor<4x5xf32>
  return
}

// -----

// dense: result type
func.func @case5(%x: tensor<4x6xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<4x5xf32>', found 'tensor<4x6xf32>'}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf32>, tensor<5x6xf32>) -> tensor<4x6xf32>
  return
}

// -----

// dense: operand element type (ODS)
func.func @case6(%x: tensor<4x6xf16>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = ssl.dense %x, %w : (tensor<4x6xf16>, tensor<5x6xf32>) -> tensor<4x5xf32>
  return
}

// -----

// conv2d: input rank
func.func @case7(%x: tensor<4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.conv2d %x, %w : (tensor<4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: weight rank
func.func @case8(%x: tensor<1x4x8x8xf32>, %w: tensor<6x36xf32>) {
  // expected-error @+1 {{expects a rank-4 weight [O, C/groups, KH, KW], found rank 2}}
  %0 = ssl.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<6x36xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: stride count
func.func @case9(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects 2 strides, found 3}}
  %0 = ssl.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: pad count
func.func @case10(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), found 2}}
  %0 = ssl.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

// conv2d: dilation count
func.func @case11(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects 2 dilations, found 1}}
  %0 = ssl.conv2d %x, %w {dilations = array<i64: 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: stride range
func.func @case12(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects strides >= 1, found [0, 1]}}
  %0 = ssl.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: pad range
func.func @case13(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects pads >= 0, found [-1, 0, 0, 0]}}
  %0 = ssl.conv2d %x, %w {pads = array<i64: -1, 0, 0, 0>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x5x6xf32>
  return
}

// -----

// conv2d: dilation range
func.func @case14(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects dilations >= 1, found [1, 0]}}
  %0 = ssl.conv2d %x, %w {dilations = array<i64: 1, 0>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: groups range
func.func @case15(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects groups >= 1, found 0}}
  %0 = ssl.conv2d %x, %w {groups = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: input channels and groups
func.func @case16(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{expects input channels divisible by 3 groups, found 4}}
  %0 = ssl.conv2d %x, %w {groups = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: output channels and groups
func.func @case17(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @+1 {{expects output channels divisible by 2 groups, found 5}}
  %0 = ssl.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

// conv2d: channels per group
func.func @case18(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects weight with 2 input channels per group, found 4}}
  %0 = ssl.conv2d %x, %w {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: bias rank
func.func @case19(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6x1xf32>) {
  // expected-error @+1 {{expects a rank-1 bias [O], found rank 2}}
  %0 = ssl.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6x1xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: bias shape
func.func @case20(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{expects bias of shape [6], found [4]}}
  %0 = ssl.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<4xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// conv2d: dilated kernel larger than the padded input
func.func @case21(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects padded input height >= dilated kernel height 9, found 8}}
  %0 = ssl.conv2d %x, %w {dilations = array<i64: 4, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x1x6xf32>
  return
}

// -----

// conv2d: result type
func.func @case22(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x6x3x3xf32>', found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: input rank
func.func @case23(%x: tensor<3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: weight rank
func.func @case24(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2x1xf32>) {
  // expected-error @+1 {{expects a rank-2 weight [O, T], found rank 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2x1xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: kernel_size count
func.func @case25(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects 2 kernel sizes, found 1}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: kernel_size range
func.func @case26(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects kernel sizes >= 1, found [3, 0]}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 0>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: window attributes
func.func @case27(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects strides >= 1, found [1, 0]}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>, strides = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: taps shape
func.func @case28(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects taps of shape [T, 3] holding (c, kh, kw), found [2, 2]}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0], [2, 1]]> : tensor<2x2xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: no taps
func.func @case29(%x: tensor<1x3x8x8xf32>, %w: tensor<6x0xf32>) {
  // expected-error @+1 {{expects at least one tap, found 0}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<> : tensor<0x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x0xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: weight columns
func.func @case30(%x: tensor<1x3x8x8xf32>, %w: tensor<6x3xf32>) {
  // expected-error @+1 {{expects weight [O, T] with T = 2 taps, found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: tap outside the filter
func.func @case31(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects tap #1 inside [C, KH, KW] = [3, 3, 3], found (3, 1, 2)}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [3, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: negative tap
func.func @case32(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects tap #0 inside [C, KH, KW] = [3, 3, 3], found (0, -1, 0)}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, -1, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: unsorted taps
func.func @case33(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects taps in strictly increasing (c, kh, kw) order, found tap #1 (0, 0, 0) after (2, 1, 2)}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[2, 1, 2], [0, 0, 0]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: repeated tap
func.func @case34(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects taps in strictly increasing (c, kh, kw) order, found tap #1 (1, 1, 1) after (1, 1, 1)}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[1, 1, 1], [1, 1, 1]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: bias rank
func.func @case35(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>, %b: tensor<6x1xf32>) {
  // expected-error @+1 {{expects a rank-1 bias [O], found rank 2}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>, tensor<6x1xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: bias shape
func.func @case36(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects bias of shape [6], found [3]}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>, tensor<3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: kernel larger than the padded input
func.func @case37(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects padded input width >= dilated kernel width 9, found 8}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 9>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: result type
func.func @case38(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x6x8x8xf32>', found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi64>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// shape_pruned_conv2d: taps element type (ODS)
func.func @case39(%x: tensor<1x3x8x8xf32>, %w: tensor<6x2xf32>) {
  // expected-error @+1 {{attribute 'taps' failed to satisfy constraint: 64-bit signless integer elements attribute}}
  %0 = ssl.shape_pruned_conv2d %x, %w {kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [2, 1, 2]]> : tensor<2x3xi32>} : (tensor<1x3x8x8xf32>, tensor<6x2xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

// batch_norm: input rank
func.func @case40(%x: tensor<16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects an input of rank >= 2 with channels on axis 1, found rank 1}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return
}

// -----

// batch_norm: per-channel shape
func.func @case41(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<8xf32>) {
  // expected-error @+1 {{expects variance of shape [16], found [8]}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<8xf32>) -> tensor<8x16x4x4xf32>
  return
}

// -----

// batch_norm: per-channel rank
func.func @case42(%x: tensor<8x16x4x4xf32>, %g: tensor<16x1xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects gamma of shape [16], found [16, 1]}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16x1xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x4x4xf32>
  return
}

// -----

// batch_norm: epsilon
func.func @case43(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects epsilon > 0, found 0}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v {epsilon = 0.0 : f32} : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x4x4xf32>
  return
}

// -----

// batch_norm: result type (ODS)
func.func @case44(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, output} have same type}}
  %0 = ssl.batch_norm %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<8x16x2x2xf32>
  return
}

// -----

// batch_norm_train: running statistics
func.func @case45(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<4xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects running_mean of shape [16], found [4]}}
  %0:5 = ssl.batch_norm_train %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<4xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// batch_norm_train: momentum
func.func @case46(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects momentum in [0, 1], found 1.5}}
  %0:5 = ssl.batch_norm_train %x, %g, %b, %m, %v {momentum = 1.5 : f32} : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// batch_norm_train: epsilon
func.func @case47(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects epsilon > 0, found -1}}
  %0:5 = ssl.batch_norm_train %x, %g, %b, %m, %v {epsilon = -1.0 : f32} : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// batch_norm_train: result type
func.func @case48(%x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects result #2 of type 'tensor<16xf32>', found 'tensor<8xf32>'}}
  %0:5 = ssl.batch_norm_train %x, %g, %b, %m, %v : (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<8xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// max_pool2d: input rank
func.func @case49(%x: tensor<4x8x8xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 3}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<4x8x8xf32> -> tensor<4x7x7xf32>
  return
}

// -----

// max_pool2d: kernel count
func.func @case50(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 kernel sizes, found 3}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}

// -----

// max_pool2d: kernel range
func.func @case51(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects kernel sizes >= 1, found [0, 2]}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 0, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}

// -----

// max_pool2d: missing kernel (ODS)
func.func @case52(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{requires attribute 'kernel'}}
  %0 = ssl.max_pool2d %x : tensor<1x4x8x8xf32> -> tensor<1x4x7x7xf32>
  return
}

// -----

// max_pool2d: stride count
func.func @case53(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 strides, found 1}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// max_pool2d: pads smaller than the kernel
func.func @case54(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects pads < kernel [2, 3] (top, left, bottom, right), found [0, 0, 0, 3]}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 3>, pads = array<i64: 0, 0, 0, 3>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x9xf32>
  return
}

// -----

// max_pool2d: kernel larger than the padded input
func.func @case55(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects padded input height >= kernel height 10, found 8}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 10, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x1x7xf32>
  return
}

// -----

// max_pool2d: result type (floor mode)
func.func @case56(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x3x3xf32>', found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x4x8x8xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// max_pool2d: result type (ceil mode drops a window in the end padding)
func.func @case57(%x: tensor<1x4x5x5xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x3x3xf32>', found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, ceil_mode = true} : tensor<1x4x5x5xf32> -> tensor<1x4x4x4xf32>
  return
}

// -----

// avg_pool2d: pad range
func.func @case58(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects pads >= 0, found [0, -1, 0, 0]}}
  %0 = ssl.avg_pool2d %x {kernel = array<i64: 2, 2>, pads = array<i64: 0, -1, 0, 0>} : tensor<1x4x8x8xf32> -> tensor<1x4x7x6xf32>
  return
}

// -----

// avg_pool2d: result type
func.func @case59(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x4x4xf32>', found 'tensor<1x4x8x8xf32>'}}
  %0 = ssl.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, count_include_pad = true} : tensor<1x4x8x8xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// global_avg_pool: input rank
func.func @case60(%x: tensor<4x8xf32>) {
  // expected-error @+1 {{expects a rank-4 input [N, C, H, W], found rank 2}}
  %0 = ssl.global_avg_pool %x : tensor<4x8xf32> -> tensor<4x1x1xf32>
  return
}

// -----

// global_avg_pool: result type
func.func @case61(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x4x1x1xf32>', found 'tensor<1x4xf32>'}}
  %0 = ssl.global_avg_pool %x : tensor<1x4x8x8xf32> -> tensor<1x4xf32>
  return
}

// -----

// relu: result type (ODS)
func.func @case62(%x: tensor<4xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.relu"(%x) : (tensor<4xf32>) -> tensor<5xf32>
  return
}

// -----

// add: operand shapes (ODS)
func.func @case63(%a: tensor<4xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.add"(%a, %b) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

// flatten: input rank
func.func @case64(%x: tensor<8xf32>) {
  // expected-error @+1 {{expects input of rank >= 2, found rank 1}}
  %0 = ssl.flatten %x : tensor<8xf32> -> tensor<8x1xf32>
  return
}

// -----

// flatten: result type
func.func @case65(%x: tensor<2x3x4x5xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<2x60xf32>', found 'tensor<2x20xf32>'}}
  %0 = ssl.flatten %x : tensor<2x3x4x5xf32> -> tensor<2x20xf32>
  return
}

// -----

// softmax: rank
func.func @case66(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{expects a rank-2 input [N, K], found rank 3}}
  %0 = ssl.softmax %x : tensor<2x3x4xf32>
  return
}

// -----

// dropout: ratio
func.func @case67(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects ratio in [0, 1), found 1}}
  %0 = ssl.dropout %x {ratio = 1.0 : f32} : tensor<2x3xf32>
  return
}

// -----

// dropout: negative ratio
func.func @case68(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects ratio in [0, 1), found -0.5}}
  %0 = ssl.dropout %x {ratio = -0.5 : f32} : tensor<2x3xf32>
  return
}

// -----

// dropout: step rank (ODS)
func.func @case68a(%x: tensor<2x3xf32>, %step: tensor<1xf32>) {
  // expected-error @+1 {{operand #1 must be 0D tensor of 32-bit float values}}
  %0 = ssl.dropout %x, %step : tensor<2x3xf32>, tensor<1xf32>
  return
}

// -----

// dropout: step element type (ODS)
func.func @case68b(%x: tensor<2x3xf32>, %step: tensor<i64>) {
  // expected-error @+1 {{operand #1 must be 0D tensor of 32-bit float values}}
  %0 = ssl.dropout %x, %step : tensor<2x3xf32>, tensor<i64>
  return
}

// -----

// dropout: result type (ODS)
func.func @case68c(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, output} have same type}}
  %0 = "ssl.dropout"(%x) : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

// concat: no inputs
func.func @case69() {
  // expected-error @+1 {{expects at least one input, found none}}
  %0 = ssl.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

// concat: axis range
func.func @case70(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{expects axis in [0, 2), found 2}}
  %0 = ssl.concat %a, %b {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

// concat: negative axis
func.func @case71(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) {
  // expected-error @+1 {{expects axis in [0, 2), found -1}}
  %0 = ssl.concat %a, %b {axis = -1 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

// concat: input ranks
func.func @case72(%a: tensor<2x3xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{expects input #1 of rank 2, found rank 1}}
  %0 = ssl.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// concat: input sizes off the axis
func.func @case73(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{expects input #1 to have size 2 on axis 0, found 4}}
  %0 = ssl.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

// concat: result type
func.func @case74(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<2x7xf32>', found 'tensor<2x6xf32>'}}
  %0 = ssl.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x6xf32>
  return
}

// -----

// softmax_cross_entropy: logits rank
func.func @case75(%l: tensor<8xf32>, %y: tensor<8xi64>) {
  // expected-error @+1 {{expects a rank-2 logits [N, K], found rank 1}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8xf32>, tensor<8xi64>) -> tensor<f32>
  return
}

// -----

// softmax_cross_entropy: class indices batch
func.func @case76(%l: tensor<8x10xf32>, %y: tensor<4xi64>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<4xi64>'}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<4xi64>) -> tensor<f32>
  return
}

// -----

// softmax_cross_entropy: one-hot shape
func.func @case77(%l: tensor<8x10xf32>, %y: tensor<8x9xf32>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<8x9xf32>'}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<8x9xf32>) -> tensor<f32>
  return
}

// -----

// softmax_cross_entropy: f32 class indices
func.func @case78(%l: tensor<8x10xf32>, %y: tensor<8xf32>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<8xf32>'}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<8xf32>) -> tensor<f32>
  return
}

// -----

// softmax_cross_entropy: scalar loss (ODS)
func.func @case79(%l: tensor<8x10xf32>, %y: tensor<8xi64>) {
  // expected-error @+1 {{result #0 must be 0D tensor of 32-bit float values}}
  %0 = ssl.softmax_cross_entropy %l, %y : (tensor<8x10xf32>, tensor<8xi64>) -> tensor<1xf32>
  return
}

// -----

// group_lasso: convolution kind on a dense weight
func.func @case80(%w: tensor<10x20xf32>) {
  // expected-error @+1 {{expects a rank-4 weight for filter groups, found rank 2}}
  %0 = ssl.group_lasso filter %w {lambda = 1.0 : f32} : tensor<10x20xf32> -> tensor<f32>
  return
}

// -----

// group_lasso: dense kind on a convolution weight
func.func @case81(%w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects a rank-2 weight for column groups, found rank 4}}
  %0 = ssl.group_lasso column %w {lambda = 1.0 : f32} : tensor<4x3x3x3xf32> -> tensor<f32>
  return
}

// -----

// group_lasso: lambda
func.func @case82(%w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects lambda >= 0, found -1}}
  %0 = ssl.group_lasso depth %w {lambda = -1.0 : f32} : tensor<4x3x3x3xf32> -> tensor<f32>
  return
}

// -----

// group_lasso: unknown group kind
func.func @case83(%w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects a group kind (filter, channel, shape, kernel2d, depth, row, column, depth_bn), found 'rows'}}
  %0 = ssl.group_lasso rows %w {lambda = 1.0 : f32} : tensor<4x3x3x3xf32> -> tensor<f32>
  return
}

// -----

// group_lasso_grad: kind and rank
func.func @case84(%w: tensor<10x20xf32>) {
  // expected-error @+1 {{expects a rank-4 weight for shape groups, found rank 2}}
  %0 = ssl.group_lasso_grad shape %w {lambda = 1.0 : f32} : tensor<10x20xf32>
  return
}

// -----

// group_lasso_grad: lambda
func.func @case85(%w: tensor<10x20xf32>) {
  // expected-error @+1 {{expects lambda >= 0, found -2}}
  %0 = ssl.group_lasso_grad row %w {lambda = -2.0 : f32} : tensor<10x20xf32>
  return
}

// -----

// sgd_momentum: momentum
func.func @case86(%w: tensor<10xf32>, %g: tensor<10xf32>, %v: tensor<10xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{expects momentum in [0, 1), found 1}}
  %0:2 = ssl.sgd_momentum %w, %g, %v, %lr {momentum = 1.0 : f32} : tensor<10xf32>, tensor<f32>
  return
}

// -----

// sgd_momentum: weight decay
func.func @case87(%w: tensor<10xf32>, %g: tensor<10xf32>, %v: tensor<10xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{expects weight_decay >= 0, found -0.0001}}
  %0:2 = ssl.sgd_momentum %w, %g, %v, %lr {weight_decay = -1.0e-4 : f32} : tensor<10xf32>, tensor<f32>
  return
}

// -----

// sgd_momentum: learning rate rank (ODS)
func.func @case88(%w: tensor<10xf32>, %g: tensor<10xf32>, %v: tensor<10xf32>, %lr: tensor<1xf32>) {
  // expected-error @+1 {{operand #3 must be 0D tensor of 32-bit float values}}
  %0:2 = ssl.sgd_momentum %w, %g, %v, %lr : tensor<10xf32>, tensor<1xf32>
  return
}

// -----

// sgd_momentum: operand shapes (ODS)
func.func @case89(%w: tensor<10xf32>, %g: tensor<9xf32>, %v: tensor<10xf32>, %lr: tensor<f32>) {
  // expected-error @+1 {{failed to verify that all of {param, grad, velocity, new_param, new_velocity} have same type}}
  %0:2 = "ssl.sgd_momentum"(%w, %g, %v, %lr) : (tensor<10xf32>, tensor<9xf32>, tensor<10xf32>, tensor<f32>) -> (tensor<10xf32>, tensor<10xf32>)
  return
}

// -----

// zero_small: threshold
func.func @case90(%w: tensor<10xf32>) {
  // expected-error @+1 {{expects threshold >= 0, found -1}}
  %0 = ssl.zero_small %w {threshold = -1.0 : f32} : tensor<10xf32>
  return
}

// -----

// apply_mask: mask shape (ODS)
func.func @case91(%w: tensor<10xf32>, %m: tensor<5xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.apply_mask"(%w, %m) : (tensor<10xf32>, tensor<5xf32>) -> tensor<10xf32>
  return
}

// -----

// next_step: a scalar counter (ODS)
func.func @case91a(%step: tensor<1xf32>) {
  // expected-error @+1 {{operand #0 must be 0D tensor of 32-bit float values}}
  %0 = ssl.next_step %step : tensor<1xf32>
  return
}

// -----

// dense_grad_input: grad_output rank
func.func @case92(%dy: tensor<4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{expects a rank-2 grad_output [N, M], found rank 1}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<4xf32>, tensor<4x6xf32>) -> tensor<1x6xf32>
  return
}

// -----

// dense_grad_input: weight rank
func.func @case93(%dy: tensor<2x4xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{expects a rank-2 weight [M, K], found rank 1}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x6xf32>
  return
}

// -----

// dense_grad_input: output features
func.func @case94(%dy: tensor<2x4xf32>, %w: tensor<5x6xf32>) {
  // expected-error @+1 {{expects weight with 4 output features, found 5}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<2x4xf32>, tensor<5x6xf32>) -> tensor<2x6xf32>
  return
}

// -----

// dense_grad_input: result type
func.func @case95(%dy: tensor<2x4xf32>, %w: tensor<4x6xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<2x6xf32>', found 'tensor<2x4xf32>'}}
  %0 = ssl.dense_grad_input %dy, %w : (tensor<2x4xf32>, tensor<4x6xf32>) -> tensor<2x4xf32>
  return
}

// -----

// dense_grad_weight: input rank
func.func @case96(%x: tensor<2x6x1xf32>, %dy: tensor<2x4xf32>) {
  // expected-error @+1 {{expects a rank-2 input [N, K], found rank 3}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6x1xf32>, tensor<2x4xf32>) -> tensor<4x6xf32>
  return
}

// -----

// dense_grad_weight: grad_output rank
func.func @case97(%x: tensor<2x6xf32>, %dy: tensor<8xf32>) {
  // expected-error @+1 {{expects a rank-2 grad_output [N, M], found rank 1}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6xf32>, tensor<8xf32>) -> tensor<4x6xf32>
  return
}

// -----

// dense_grad_weight: batch
func.func @case98(%x: tensor<2x6xf32>, %dy: tensor<3x4xf32>) {
  // expected-error @+1 {{expects grad_output with 2 rows, found 3}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6xf32>, tensor<3x4xf32>) -> tensor<4x6xf32>
  return
}

// -----

// dense_grad_weight: result type
func.func @case99(%x: tensor<2x6xf32>, %dy: tensor<2x4xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<4x6xf32>', found 'tensor<6x4xf32>'}}
  %0 = ssl.dense_grad_weight %x, %dy : (tensor<2x6xf32>, tensor<2x4xf32>) -> tensor<6x4xf32>
  return
}

// -----

// bias_grad: rank
func.func @case100(%dy: tensor<2x4x5xf32>) {
  // expected-error @+1 {{expects grad_output of rank 2 [N, M] or 4 [N, O, OH, OW], found rank 3}}
  %0 = ssl.bias_grad %dy : tensor<2x4x5xf32> -> tensor<4xf32>
  return
}

// -----

// bias_grad: result type
func.func @case101(%dy: tensor<2x4x5x5xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<4xf32>', found 'tensor<2xf32>'}}
  %0 = ssl.bias_grad %dy : tensor<2x4x5x5xf32> -> tensor<2xf32>
  return
}

// -----

// conv2d_grad_input: result rank
func.func @case102(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_input [N, C, H, W], found rank 3}}
  %0 = ssl.conv2d_grad_input %dy, %w : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<4x8x8xf32>
  return
}

// -----

// conv2d_grad_input: weight channels
func.func @case103(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects weight with 3 input channels per group, found 4}}
  %0 = ssl.conv2d_grad_input %dy, %w : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

// conv2d_grad_input: attributes
func.func @case104(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects 4 pads (top, left, bottom, right), found 3}}
  %0 = ssl.conv2d_grad_input %dy, %w {pads = array<i64: 0, 0, 0>} : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// conv2d_grad_input: grad_output
func.func @case105(%dy: tensor<1x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x6x3x3xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.conv2d_grad_input %dy, %w {strides = array<i64: 2, 2>} : (tensor<1x6x6x6xf32>, tensor<6x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// conv2d_grad_weight: result rank
func.func @case106(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_weight [O, C/groups, KH, KW], found rank 2}}
  %0 = ssl.conv2d_grad_weight %x, %dy : (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>) -> tensor<6x36xf32>
  return
}

// -----

// conv2d_grad_weight: groups
func.func @case107(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{expects grad_weight with 2 input channels per group, found 4}}
  %0 = ssl.conv2d_grad_weight %x, %dy {groups = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>) -> tensor<6x4x3x3xf32>
  return
}

// -----

// conv2d_grad_weight: grad_output
func.func @case108(%x: tensor<1x4x8x8xf32>, %dy: tensor<1x6x6x6xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x6x4x4xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x6x6x6xf32>'}}
  %0 = ssl.conv2d_grad_weight %x, %dy : (tensor<1x4x8x8xf32>, tensor<1x6x6x6xf32>) -> tensor<6x4x5x5xf32>
  return
}

// -----

// relu_grad: shapes (ODS)
func.func @case109(%dy: tensor<4xf32>, %x: tensor<5xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "ssl.relu_grad"(%dy, %x) : (tensor<4xf32>, tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

// batch_norm_grad: batch statistics
func.func @case110(%dy: tensor<8x16x4x4xf32>, %x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %m: tensor<8xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects batch_mean of shape [16], found [8]}}
  %0:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v : (tensor<8x16x4x4xf32>, tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<8xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// batch_norm_grad: epsilon
func.func @case111(%dy: tensor<8x16x4x4xf32>, %x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{expects epsilon > 0, found 0}}
  %0:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v {epsilon = 0.0 : f32} : (tensor<8x16x4x4xf32>, tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// batch_norm_grad: gradient shapes (ODS)
func.func @case112(%dy: tensor<8x16x2x2xf32>, %x: tensor<8x16x4x4xf32>, %g: tensor<16xf32>, %m: tensor<16xf32>, %v: tensor<16xf32>) {
  // expected-error @+1 {{failed to verify that all of {grad_output, input, grad_input} have same type}}
  %0:3 = ssl.batch_norm_grad %dy, %x, %g, %m, %v : (tensor<8x16x2x2xf32>, tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> (tensor<8x16x4x4xf32>, tensor<16xf32>, tensor<16xf32>)
  return
}

// -----

// max_pool2d_grad: attributes
func.func @case113(%dy: tensor<1x4x4x4xf32>, %x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 kernel sizes, found 1}}
  %0 = ssl.max_pool2d_grad %dy, %x {kernel = array<i64: 2>} : (tensor<1x4x4x4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// max_pool2d_grad: grad_output
func.func @case114(%dy: tensor<1x4x4x4xf32>, %x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x4x7x7xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.max_pool2d_grad %dy, %x {kernel = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return
}

// -----

// avg_pool2d_grad: result rank
func.func @case115(%dy: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_input [N, C, H, W], found rank 3}}
  %0 = ssl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x4xf32> -> tensor<4x8x8xf32>
  return
}

// -----

// avg_pool2d_grad: grad_output
func.func @case116(%dy: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x4x5x5xf32>' (the forward output for 'tensor<1x4x9x9xf32>'), found 'tensor<1x4x4x4xf32>'}}
  %0 = ssl.avg_pool2d_grad %dy {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<1x4x4x4xf32> -> tensor<1x4x9x9xf32>
  return
}

// -----

// global_avg_pool_grad: result rank
func.func @case117(%dy: tensor<1x4x1x1xf32>) {
  // expected-error @+1 {{expects a rank-4 grad_input [N, C, H, W], found rank 3}}
  %0 = ssl.global_avg_pool_grad %dy : tensor<1x4x1x1xf32> -> tensor<1x4x8xf32>
  return
}

// -----

// global_avg_pool_grad: grad_output
func.func @case118(%dy: tensor<1x4xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<1x4x1x1xf32>' (the forward output for 'tensor<1x4x8x8xf32>'), found 'tensor<1x4xf32>'}}
  %0 = ssl.global_avg_pool_grad %dy : tensor<1x4xf32> -> tensor<1x4x8x8xf32>
  return
}

// -----

// flatten_grad: result rank
func.func @case119(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects grad_input of rank >= 2, found rank 1}}
  %0 = ssl.flatten_grad %dy : tensor<4x8xf32> -> tensor<32xf32>
  return
}

// -----

// flatten_grad: grad_output
func.func @case120(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<4x12xf32>' (the forward output for 'tensor<4x2x2x3xf32>'), found 'tensor<4x8xf32>'}}
  %0 = ssl.flatten_grad %dy : tensor<4x8xf32> -> tensor<4x2x2x3xf32>
  return
}

// -----

// concat_grad: no results
func.func @case121(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects at least one result, found none}}
  "ssl.concat_grad"(%dy) <{axis = 0 : i64}> : (tensor<4x8xf32>) -> ()
  return
}

// -----

// concat_grad: axis
func.func @case122(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects axis in [0, 2), found 2}}
  %0:2 = ssl.concat_grad %dy {axis = 2 : i64} : tensor<4x8xf32> -> tensor<4x4xf32>, tensor<4x4xf32>
  return
}

// -----

// concat_grad: result sizes off the axis
func.func @case123(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects result #1 to have size 4 on axis 0, found 3}}
  %0:2 = ssl.concat_grad %dy {axis = 1 : i64} : tensor<4x8xf32> -> tensor<4x4xf32>, tensor<3x4xf32>
  return
}

// -----

// concat_grad: grad_output
func.func @case124(%dy: tensor<4x8xf32>) {
  // expected-error @+1 {{expects grad_output of type 'tensor<4x9xf32>' (the forward output for the result types), found 'tensor<4x8xf32>'}}
  %0:2 = ssl.concat_grad %dy {axis = 1 : i64} : tensor<4x8xf32> -> tensor<4x4xf32>, tensor<4x5xf32>
  return
}

// -----

// softmax_cross_entropy_grad: labels
func.func @case125(%l: tensor<8x10xf32>, %y: tensor<8x10xi64>) {
  // expected-error @+1 {{expects labels [8] of i64 class indices or [8, 10] of f32 targets, found 'tensor<8x10xi64>'}}
  %0 = ssl.softmax_cross_entropy_grad %l, %y : (tensor<8x10xf32>, tensor<8x10xi64>) -> tensor<8x10xf32>
  return
}

// -----

// softmax_cross_entropy_grad: logits rank
func.func @case126(%l: tensor<8x10x1xf32>, %y: tensor<8xi64>) {
  // expected-error @+1 {{expects a rank-2 logits [N, K], found rank 3}}
  %0 = ssl.softmax_cross_entropy_grad %l, %y : (tensor<8x10x1xf32>, tensor<8xi64>) -> tensor<8x10x1xf32>
  return
}

// -----

// group_lasso: depth_bn takes the conv weight, then the batch norm's γ and β
func.func @case127(%w: tensor<4x3x3x3xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{expects 3 operand(s) for depth_bn groups, found 2}}
  %0 = ssl.group_lasso depth_bn %w, %g {lambda = 1.0 : f32} : tensor<4x3x3x3xf32>, tensor<4xf32> -> tensor<f32>
  return
}

// -----

// group_lasso_grad: depth_bn's γ and β have one value per filter
func.func @case128(%w: tensor<4x3x3x3xf32>, %g: tensor<4xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects the batch-norm γ and β of depth_bn groups as tensor<4xf32>, found 'tensor<3xf32>'}}
  %0:3 = ssl.group_lasso_grad depth_bn %w, %g, %b {lambda = 1.0 : f32} : tensor<4x3x3x3xf32>, tensor<4xf32>, tensor<3xf32>
  return
}

// -----

// group_shrink: one weight for every kind but depth_bn
func.func @case129(%lr: tensor<f32>, %w: tensor<4x3x3x3xf32>, %g: tensor<4xf32>) {
  // expected-error @+1 {{expects 1 operand(s) for filter groups, found 2}}
  %0:2 = ssl.group_shrink filter %lr, %w, %g {lambda = 1.0 : f32} : tensor<f32>, tensor<4x3x3x3xf32>, tensor<4xf32>
  return
}
