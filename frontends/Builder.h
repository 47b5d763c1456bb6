//===- Builder.h - C++ network builder producing Model IR -------*- C++ -*-===//
//
// Layers are added by name; shapes are inferred from the previous layer;
// parameters become `ml_program.global` symbols named "<layer>.weight" and
// "<layer>.bias" (PyTorch's state_dict names) with seeded initial values.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_FRONTENDS_BUILDER_H
#define SSLC_FRONTENDS_BUILDER_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <random>
#include <string>
#include <vector>

namespace sslc {

struct ConvOptions {
  std::vector<int64_t> strides{1, 1};
  /// (top, left, bottom, right)
  std::vector<int64_t> pads{0, 0, 0, 0};
  std::vector<int64_t> dilations{1, 1};
  int64_t groups = 1;
};

struct PoolOptions {
  std::vector<int64_t> kernel{2, 2};
  std::vector<int64_t> strides{2, 2};
  std::vector<int64_t> pads{0, 0, 0, 0};
  bool ceilMode = false;
  bool countIncludePad = false;
};

class NetworkBuilder {
public:
  NetworkBuilder(mlir::MLIRContext *ctx, std::vector<int64_t> inputShape,
                 uint64_t seed);

  /// The network input (argument 0 of @main).
  mlir::Value input() const { return inputValue; }

  /// Fully connected layer with `outFeatures` outputs; Xavier-initialized
  /// weight (Caffe's filler: U(±sqrt(3 / fan_in))), zero bias.
  mlir::Value dense(mlir::Value x, int64_t outFeatures, const std::string &name,
                    bool bias = true);
  /// Fully connected layer over given parameter loads (`bias` may be null).
  mlir::Value dense(mlir::Value x, mlir::Value weight, mlir::Value bias);
  mlir::Value relu(mlir::Value x);
  /// min(max(x, lo), hi); ReLU6 is clip(x, 0, 6).
  mlir::Value clip(mlir::Value x, float lo, float hi);
  mlir::Value sigmoid(mlir::Value x);
  mlir::Value hardSigmoid(mlir::Value x, float alpha, float beta);
  mlir::Value hardSwish(mlir::Value x);
  /// x · (1 + erf(x / √2)) / 2 (PyTorch's exact GELU).
  mlir::Value gelu(mlir::Value x);
  /// x · gate, `gate` broadcast to x's shape along its size-1 axes.
  mlir::Value mul(mlir::Value x, mlir::Value gate);

  /// Convolution with `outChannels` filters of kh×kw; MSRA-initialized
  /// weight (Caffe's msra filler: N(0, 2 / fan_in)), zero bias.
  mlir::Value conv2d(mlir::Value x, int64_t outChannels, int64_t kh,
                     int64_t kw, const std::string &name,
                     const ConvOptions &options = {}, bool bias = true);
  mlir::Value conv2d(mlir::Value x, mlir::Value weight, mlir::Value bias,
                     const ConvOptions &options = {});
  mlir::Value shapePrunedConv2d(mlir::Value x, mlir::Value weight,
                                mlir::Value bias,
                                const std::vector<int64_t> &taps,
                                std::vector<int64_t> kernel,
                                const ConvOptions &options = {});
  /// Batch norm with PyTorch's parameter names (<name>.weight, .bias,
  /// .running_mean, .running_var) initialized to the identity map.
  mlir::Value batchNorm(mlir::Value x, const std::string &name,
                        float epsilon = 1e-5f);
  mlir::Value batchNorm(mlir::Value x, mlir::Value gamma, mlir::Value beta,
                        mlir::Value mean, mlir::Value variance,
                        float epsilon = 1e-5f);
  /// Layer norm over the channels (axis 1) of every position.
  mlir::Value layerNorm(mlir::Value x, mlir::Value gamma, mlir::Value beta,
                        float epsilon);
  mlir::Value maxPool2d(mlir::Value x, const PoolOptions &options);
  mlir::Value avgPool2d(mlir::Value x, const PoolOptions &options);
  mlir::Value globalAvgPool(mlir::Value x);
  mlir::Value add(mlir::Value a, mlir::Value b);
  mlir::Value flatten(mlir::Value x);
  mlir::Value softmax(mlir::Value x);
  /// Dropout with seed = the number of dropouts built before it, so that
  /// two dropouts of the same shape draw different masks.
  mlir::Value dropout(mlir::Value x, float ratio);
  mlir::Value concat(mlir::ValueRange xs, int64_t axis);
  /// Zero padding of H and W by (top, left, bottom, right).
  mlir::Value pad(mlir::Value x, const std::vector<int64_t> &pads);
  mlir::Value channelShuffle(mlir::Value x, int64_t groups);
  /// Channels [begin, end) of x.
  mlir::Value slice(mlir::Value x, int64_t begin, int64_t end);
  /// Channels `indices` of x, in that order.
  mlir::Value gather(mlir::Value x, const std::vector<int64_t> &indices);

  /// Adds a parameter with the given values and returns its load.
  mlir::Value parameter(const std::string &name, std::vector<int64_t> shape,
                        std::vector<float> values);

  /// Returns `outputs` from @main and hands over the module.
  mlir::OwningOpRef<mlir::ModuleOp> finish(mlir::ValueRange outputs);

  std::mt19937_64 &rng() { return generator; }

  /// Location of the ops and parameters created from now on (importers
  /// point it at the source node so later diagnostics name it).
  void setLocation(mlir::Location location) { loc = location; }

private:
  mlir::OpBuilder builder;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::Block *body = nullptr;
  mlir::Value inputValue;
  mlir::Location loc;
  std::mt19937_64 generator;
  uint64_t dropouts = 0;
};

/// Uniform values in [-a, a) from `rng`.
std::vector<float> uniformValues(std::mt19937_64 &rng, size_t count, float a);

/// Normal values N(0, stddev²) from `rng` (Box-Muller, library-independent).
std::vector<float> normalValues(std::mt19937_64 &rng, size_t count,
                                float stddev);

} // namespace sslc

#endif
