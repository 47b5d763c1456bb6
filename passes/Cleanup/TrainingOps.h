//===- TrainingOps.h - which ssl ops belong to training ---------*- C++ -*-===//
#ifndef SSLC_PASSES_CLEANUP_TRAININGOPS_H
#define SSLC_PASSES_CLEANUP_TRAININGOPS_H

#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"

namespace sslc {

/// Losses, regularizers, optimizer steps and backward ops: ops that have no
/// place in an inference network.
inline bool isTrainingOp(mlir::Operation *op) {
  return mlir::isa<
      ssl::SoftmaxCrossEntropyOp, ssl::GroupLassoOp, ssl::GroupLassoGradOp, ssl::GroupShrinkOp,
      ssl::SgdMomentumOp, ssl::ZeroSmallOp, ssl::ApplyMaskOp, ssl::NextStepOp,
      ssl::DenseGradInputOp, ssl::DenseGradWeightOp, ssl::BiasGradOp,
      ssl::Conv2dGradInputOp, ssl::Conv2dGradWeightOp, ssl::ReluGradOp,
      ssl::BatchNormGradOp, ssl::MaxPool2dGradOp, ssl::AvgPool2dGradOp,
      ssl::GlobalAvgPoolGradOp, ssl::FlattenGradOp, ssl::ConcatGradOp,
      ssl::SoftmaxCrossEntropyGradOp, ssl::BatchNormTrainOp>(op);
}

} // namespace sslc

#endif
