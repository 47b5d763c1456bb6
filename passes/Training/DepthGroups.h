//===- DepthGroups.h - convolutions of residual branches and their BN -*- C++ -*-===//
//
// The depth_bn groups of a network: each convolution on a residual branch
// whose output feeds only a batch norm, with that batch norm's affine.
// ssl-derive-train-step regularizes them, `sslc train` reports their norms.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_TRAINING_DEPTHGROUPS_H
#define SSLC_PASSES_TRAINING_DEPTHGROUPS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>
#include <vector>

namespace sslc {

/// One depth_bn group, by global name.
struct DepthBnGroup {
  /// The convolution weight's name without ".weight" (what LAYER names in
  /// per-layer strengths).
  std::string layer;
  std::string weight, gamma, beta;
};

/// The depth_bn groups of `fn`, in program order. The residual branch of an
/// `ssl.add` is the operand whose private chain (values used once, through
/// convolutions, batch norms and ReLUs) holds more convolutions than the
/// other's: the two 3×3 convolutions of a basic block, never the identity
/// or the 1×1 projection shortcut. Of those, a convolution counts when its
/// output feeds only a batch norm and the weight, γ and β are each loaded
/// from their own global by this use alone.
std::vector<DepthBnGroup> findDepthBnGroups(mlir::func::FuncOp fn);

} // namespace sslc

#endif
