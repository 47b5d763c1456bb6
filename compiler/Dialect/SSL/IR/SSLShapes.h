//===- SSLShapes.h - index arithmetic of sliding windows --------*- C++ -*-===//
//
// Output sizes and window bounds of convolutions and pooling, shared by the
// ssl verifiers, the pruning passes and the Halide lowering so they agree on
// every edge case. Plain C++ on known sizes: callers handle dynamic ones.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_COMPILER_DIALECT_SSL_IR_SSLSHAPES_H
#define SSLC_COMPILER_DIALECT_SSL_IR_SSLSHAPES_H

#include <algorithm>
#include <cstdint>

namespace sslc::shapes {

/// Division rounding towards negative infinity (b > 0).
inline int64_t floorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/// Division rounding towards positive infinity (b > 0).
inline int64_t ceilDiv(int64_t a, int64_t b) {
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

/// Extent of a kernel of `kernel` taps spaced `dilation` apart.
inline int64_t dilatedKernel(int64_t kernel, int64_t dilation) {
  return dilation * (kernel - 1) + 1;
}

/// Convolution output size along one axis (ONNX `Conv`, Caffe):
/// floor((in + padBegin + padEnd - dilation·(kernel-1) - 1) / stride) + 1.
/// Not positive when the dilated kernel does not fit in the padded input.
inline int64_t convOutputSize(int64_t in, int64_t kernel, int64_t stride,
                              int64_t padBegin, int64_t padEnd,
                              int64_t dilation = 1) {
  return floorDiv(in + padBegin + padEnd - dilatedKernel(kernel, dilation),
                  stride) +
         1;
}

/// Pooling output size along one axis (ONNX `MaxPool`/`AveragePool`, Caffe
/// `Pooling`). In ceil mode the division rounds up, and then the last window
/// is dropped if it would start at or after `in + padBegin`: every window
/// must start inside the input or its begin padding, never in the end
/// padding (PyTorch, ONNX since opset 19, and Caffe, which applies the rule
/// only to padded pooling). Not positive when the kernel does not fit in the
/// padded input.
inline int64_t poolOutputSize(int64_t in, int64_t kernel, int64_t stride,
                              int64_t padBegin, int64_t padEnd, bool ceilMode) {
  int64_t span = in + padBegin + padEnd - kernel;
  if (!ceilMode)
    return floorDiv(span, stride) + 1;
  int64_t out = ceilDiv(span, stride) + 1;
  if (out > 1 && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

/// First input index (negative inside the begin padding) of the window that
/// produces output index `out`.
inline int64_t windowStart(int64_t out, int64_t stride, int64_t padBegin) {
  return out * stride - padBegin;
}

/// Divisor of the average-pooling window that starts at input index `start`
/// along one axis. With `countIncludePad` it counts padded cells but stops at
/// the end of the padded input, so a ceil-mode window that runs past the end
/// padding does not count the cells beyond it (Caffe, PyTorch); without it,
/// only input cells count. The divisor of a 2-D window is the product over
/// both axes.
inline int64_t avgPoolWindowCount(int64_t start, int64_t kernel, int64_t in,
                                  int64_t padEnd, bool countIncludePad) {
  if (countIncludePad)
    return std::min(start + kernel, in + padEnd) - start;
  return std::min(start + kernel, in) - std::max<int64_t>(start, 0);
}

} // namespace sslc::shapes

#endif
