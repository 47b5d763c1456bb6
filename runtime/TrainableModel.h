//===- TrainableModel.h - what the trainer drives ----------------*- C++
//-*-===//
//
// The trainer runs a compiled SSL train step through this interface, so the
// runtime needs neither MLIR nor the Halide compiler: codegen's TrainStep
// implements it, tests may implement it with plain loops.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_RUNTIME_TRAINABLEMODEL_H
#define SSLC_RUNTIME_TRAINABLEMODEL_H

#include "runtime/Tensor.h"

#include <map>
#include <string>
#include <vector>

namespace sslc {

/// Parameters and optimizer state by global name: "<layer>.weight",
/// "<param>.momentum_buffer", "<param>.mask", batch-norm running
/// statistics.
using ModelState = std::map<std::string, Tensor>;

class TrainableModel {
public:
  virtual ~TrainableModel() = default;

  /// [N, ...] of one batch: both functions run on whole batches.
  virtual const std::vector<int64_t> &batchShape() const = 0;

  /// The state before any step (the model's initial values).
  virtual const ModelState &initialState() const = 0;

  /// One step on `images` with class `labels` at learning rate `lr`:
  /// replaces the entries of `state` the step updates and sets `loss` (the
  /// objective before the update, regularizer included).
  virtual bool step(const Tensor &images, const std::vector<int64_t> &labels,
                    float lr, ModelState &state, float &loss,
                    std::string &error) = 0;

  /// The network's output ([N, K] scores) with the parameters in `state`.
  virtual bool infer(const Tensor &images, const ModelState &state,
                     Tensor &scores, std::string &error) = 0;
};

} // namespace sslc

#endif
