//===- OpLowerings.h - per-op-family Halide algorithms ----------*- C++ -*-===//
#ifndef SSLC_CODEGEN_OPS_OPLOWERINGS_H
#define SSLC_CODEGEN_OPS_OPLOWERINGS_H

#include "codegen/Lowering.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLShapes.h"

namespace sslc::codegen {

mlir::LogicalResult lowerDense(ssl::DenseOp op, LoweringContext &ctx);
mlir::LogicalResult lowerConv2d(ssl::Conv2dOp op, LoweringContext &ctx);
mlir::LogicalResult lowerShapePrunedConv2d(ssl::ShapePrunedConv2dOp op,
                                           LoweringContext &ctx);
mlir::LogicalResult lowerMaxPool2d(ssl::MaxPool2dOp op, LoweringContext &ctx);
mlir::LogicalResult lowerAvgPool2d(ssl::AvgPool2dOp op, LoweringContext &ctx);
mlir::LogicalResult lowerGlobalAvgPool(ssl::GlobalAvgPoolOp op,
                                       LoweringContext &ctx);
mlir::LogicalResult lowerBatchNorm(ssl::BatchNormOp op, LoweringContext &ctx);
mlir::LogicalResult lowerLayerNorm(ssl::LayerNormOp op, LoweringContext &ctx);
mlir::LogicalResult lowerRelu(ssl::ReluOp op, LoweringContext &ctx);
mlir::LogicalResult lowerClip(ssl::ClipOp op, LoweringContext &ctx);
mlir::LogicalResult lowerSigmoid(ssl::SigmoidOp op, LoweringContext &ctx);
mlir::LogicalResult lowerHardSigmoid(ssl::HardSigmoidOp op,
                                     LoweringContext &ctx);
mlir::LogicalResult lowerHardSwish(ssl::HardSwishOp op, LoweringContext &ctx);
mlir::LogicalResult lowerGelu(ssl::GeluOp op, LoweringContext &ctx);
mlir::LogicalResult lowerMul(ssl::MulOp op, LoweringContext &ctx);
mlir::LogicalResult lowerAdd(ssl::AddOp op, LoweringContext &ctx);
mlir::LogicalResult lowerDropout(ssl::DropoutOp op, LoweringContext &ctx);
mlir::LogicalResult lowerSoftmax(ssl::SoftmaxOp op, LoweringContext &ctx);
mlir::LogicalResult lowerFlatten(ssl::FlattenOp op, LoweringContext &ctx);
mlir::LogicalResult lowerConcat(ssl::ConcatOp op, LoweringContext &ctx);
mlir::LogicalResult lowerPad(ssl::PadOp op, LoweringContext &ctx);
mlir::LogicalResult lowerChannelShuffle(ssl::ChannelShuffleOp op,
                                        LoweringContext &ctx);
mlir::LogicalResult lowerSlice(ssl::SliceOp op, LoweringContext &ctx);
mlir::LogicalResult lowerGather(ssl::GatherOp op, LoweringContext &ctx);

/// Output channels per register block of a convolution on `target`.
int channelBlockFor(const Halide::Target &target);

/// The geometry of a convolution of `in` by `w` with a `kernel` (KH, KW).
ConvGeometry geometryOf(mlir::RankedTensorType in, mlir::RankedTensorType w,
                        llvm::ArrayRef<int64_t> strides,
                        llvm::ArrayRef<int64_t> pads,
                        llvm::ArrayRef<int64_t> dilations, int64_t groups,
                        llvm::ArrayRef<int64_t> kernel);

/// A parameter used as an operand must be constant at compile time (it is
/// baked into the code). Returns its buffer, or emits an error at `user`.
mlir::FailureOr<Halide::Buffer<float>> constantOperand(LoweringContext &ctx,
                                                       mlir::Operation *user,
                                                       mlir::Value v,
                                                       llvm::StringRef what);

} // namespace sslc::codegen

#endif
