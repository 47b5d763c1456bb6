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

  /// Adds a parameter with the given values and returns its load.
  mlir::Value parameter(const std::string &name, std::vector<int64_t> shape,
                        std::vector<float> values);

  /// Returns `outputs` from @main and hands over the module.
  mlir::OwningOpRef<mlir::ModuleOp> finish(mlir::ValueRange outputs);

  std::mt19937_64 &rng() { return generator; }

private:
  mlir::OpBuilder builder;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::Block *body = nullptr;
  mlir::Value inputValue;
  mlir::Location loc;
  std::mt19937_64 generator;
};

/// Uniform values in [-a, a) from `rng`.
std::vector<float> uniformValues(std::mt19937_64 &rng, size_t count, float a);

} // namespace sslc

#endif
