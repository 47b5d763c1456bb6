// RUN: ssl-opt %s -split-input-file -verify-diagnostics

// Grouped shape-pruned convolutions: the weight has a column per tap of the
// largest group.
func.func @columns(%x: tensor<1x4x8x8xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{expects weight [O, T] with T = 2 taps (its largest group's), found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {groups = 2 : i64, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0], [1, 1, 1], [2, 0, 1], [3, 2, 2]]> : tensor<4x3xi64>} : (tensor<1x4x8x8xf32>, tensor<4x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @groups_divide_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x1xf32>) {
  // expected-error @+1 {{expects input channels divisible by 2 groups, found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {groups = 2 : i64, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x3x8x8xf32>, tensor<4x1xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @groups_divide_filters(%x: tensor<1x4x8x8xf32>, %w: tensor<3x1xf32>) {
  // expected-error @+1 {{expects output channels divisible by 2 groups, found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w {groups = 2 : i64, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x4x8x8xf32>, tensor<3x1xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

// Filters not computed are their bias: filters needs one.
func.func @filters_need_bias(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1xf32>) {
  // expected-error @+1 {{expects a bias [O] (the value of the filters not computed) with filters, found none}}
  %0 = ssl.shape_pruned_conv2d %x, %w {filters = array<i64: 1>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<1x1xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @filters_rows(%x: tensor<1x1x8x8xf32>, %w: tensor<2x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects weight [O', T] with O' = 1 filters, found 2}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {filters = array<i64: 1>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<2x1xf32>, tensor<3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @filters_range(%x: tensor<1x1x8x8xf32>, %w: tensor<2x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects filters inside [0, 3), found 3}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {filters = array<i64: 0, 3>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<2x1xf32>, tensor<3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

func.func @filters_order(%x: tensor<1x1x8x8xf32>, %w: tensor<2x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects filters in strictly increasing order, found 1 after 2}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {filters = array<i64: 2, 1>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<2x1xf32>, tensor<3xf32>) -> tensor<1x3x6x6xf32>
  return
}

// -----

// The output has the bias's channels when filters are listed.
func.func @filters_output(%x: tensor<1x1x8x8xf32>, %w: tensor<1x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{expects result #0 of type 'tensor<1x3x6x6xf32>', found 'tensor<1x1x6x6xf32>'}}
  %0 = ssl.shape_pruned_conv2d %x, %w, %b {filters = array<i64: 1>, kernel_size = array<i64: 3, 3>, taps = dense<[[0, 0, 0]]> : tensor<1x3xi64>} : (tensor<1x1x8x8xf32>, tensor<1x1xf32>, tensor<3xf32>) -> tensor<1x1x6x6xf32>
  return
}
