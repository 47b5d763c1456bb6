//===- TrainingLowerings.h - Training IR ops to Halide ----------*- C++ -*-===//
//
// The lowerings a train_step needs beyond the inference ops: parameters as
// pipeline inputs and stores as outputs, the forward ops with run-time
// weights, the loss, regularizer and optimizer ops (Training.cpp) and the
// backward ops (Gradients.cpp). One overload per op, so the dispatch in
// Lowering.cpp lists op families rather than functions.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_OPS_TRAININGLOWERINGS_H
#define SSLC_CODEGEN_OPS_TRAININGLOWERINGS_H

#include "codegen/Lowering.h"
#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

namespace sslc::codegen {

// Parameters and state (Training.cpp).

/// Binds a global_load / global_load_const to the pipeline input of its
/// global, created on the first load of that global.
mlir::LogicalResult lowerParameterLoad(mlir::Operation *load,
                                       LoweringContext &ctx);
/// The stored value becomes a pipeline output named after the global.
mlir::LogicalResult lowerGlobalStore(mlir::ml_program::GlobalStoreOp op,
                                     LoweringContext &ctx);

// Forward ops whose parameters are inputs (Training.cpp).
mlir::LogicalResult lowerTrainableDense(ssl::DenseOp op, LoweringContext &ctx);
mlir::LogicalResult lowerTrainableConv2d(ssl::Conv2dOp op,
                                         LoweringContext &ctx);
mlir::LogicalResult lowerTrainableBatchNorm(ssl::BatchNormOp op,
                                            LoweringContext &ctx);
mlir::LogicalResult lowerTrainingDropout(ssl::DropoutOp op,
                                         LoweringContext &ctx);

// Training ops (Training.cpp).
mlir::LogicalResult lowerTrainingOp(ssl::BatchNormTrainOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::SoftmaxCrossEntropyOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::GroupLassoOp op, LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::GroupLassoGradOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::GroupShrinkOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::SgdMomentumOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::ZeroSmallOp op, LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::ApplyMaskOp op, LoweringContext &ctx);
mlir::LogicalResult lowerTrainingOp(ssl::NextStepOp op, LoweringContext &ctx);

// Backward ops (Gradients.cpp).
mlir::LogicalResult lowerGradientOp(ssl::DenseGradInputOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::DenseGradWeightOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::BiasGradOp op, LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::Conv2dGradInputOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::Conv2dGradWeightOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::ReluGradOp op, LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::BatchNormGradOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::MaxPool2dGradOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::AvgPool2dGradOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::GlobalAvgPoolGradOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::FlattenGradOp op,
                                    LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::ConcatGradOp op, LoweringContext &ctx);
mlir::LogicalResult lowerGradientOp(ssl::SoftmaxCrossEntropyGradOp op,
                                    LoweringContext &ctx);

/// log Σ_k exp(x[n, k]) of [N, K] logits (max-subtracted), shared by the
/// loss and its gradient.
Halide::Func crossEntropyLogSumExp(const HTensor &logits, mlir::Operation *op,
                                   LoweringContext &ctx);

/// t[n, k] of the cross-entropy: the one-hot row of an i64 class index
/// (clamped into range) or the given f32 distribution.
Halide::Expr crossEntropyTarget(const HTensor &labels, Halide::Expr k,
                                Halide::Expr n, int numClasses);

} // namespace sslc::codegen

#endif
