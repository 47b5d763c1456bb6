//===- SSLTypeInference.h - shape rules shared by ssl ops -------*- C++ -*-===//
//
// The type rules of the forward ops, written once and used three ways: by
// inferReturnTypes (builders, parser), by verify() (which then compares the
// op's result types), and by the backward ops, whose verifiers run the
// forward rule on their result and compare it with `grad_output`.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_COMPILER_DIALECT_SSL_IR_SSLTYPEINFERENCE_H
#define SSLC_COMPILER_DIALECT_SSL_IR_SSLTYPEINFERENCE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <string>

namespace sslc::ssl {

/// Starts a diagnostic; the rules below append "expects ..., found ...".
using EmitErrorFn = llvm::function_ref<mlir::InFlightDiagnostic()>;

/// The error emitter of inferReturnTypes: silent without a location,
/// otherwise an error at it that starts like emitOpError's.
class InferErrorEmitter {
public:
  InferErrorEmitter(std::optional<mlir::Location> loc, llvm::StringRef opName)
      : loc(loc), opName(opName) {}
  mlir::InFlightDiagnostic operator()() const;

private:
  std::optional<mlir::Location> loc;
  llvm::StringRef opName;
};

/// failure(), whatever `diag` holds. A rule reports an error as
/// `return fail(emitError() << ...)`: returning the diagnostic itself would
/// convert to success when it is empty, which is what InferErrorEmitter
/// hands out without a location (inferReturnTypes asked whether operands
/// fit, with nowhere to report).
inline mlir::LogicalResult fail(const mlir::InFlightDiagnostic &diag) {
  (void)diag;
  return mlir::failure();
}

/// "[1, ?, 3]": sizes as in diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> sizes);

/// tensor<shape x f32>: every ssl activation and parameter is f32.
mlir::RankedTensorType getF32Tensor(llvm::ArrayRef<int64_t> shape,
                                    mlir::MLIRContext *ctx);

/// A float attribute value in diagnostics ("0.5", "1e-04").
std::string formatFloat(float value);

/// Whether two sizes can be equal (equal, or either dynamic).
bool sizesMatch(int64_t a, int64_t b);

/// `type` as a ranked tensor of rank `rank`, or an error
/// "expects a rank-<rank> <what>, found ...".
mlir::FailureOr<mlir::RankedTensorType> getRankedTensor(EmitErrorFn emitError,
                                                        mlir::Type type,
                                                        int64_t rank,
                                                        llvm::StringRef what);

struct ConvAttrs {
  llvm::ArrayRef<int64_t> strides, pads, dilations;
  int64_t groups = 1;
};

struct PoolAttrs {
  llvm::ArrayRef<int64_t> kernel, strides, pads;
  bool ceilMode = false;
};

/// Checks counts and ranges of strides (2, >= 1), pads (4, >= 0) and, when
/// given, dilations (2, >= 1).
mlir::LogicalResult
verifyWindowAttrs(EmitErrorFn emitError, llvm::ArrayRef<int64_t> strides,
                  llvm::ArrayRef<int64_t> pads,
                  std::optional<llvm::ArrayRef<int64_t>> dilations);

/// Checks a (KH, KW) kernel size: two entries, each >= 1.
mlir::LogicalResult verifyKernelSize(EmitErrorFn emitError,
                                     llvm::ArrayRef<int64_t> kernel);

/// [N, O, OH, OW] of ssl.conv2d; `bias` may be null. The names are those
/// of the input and weight in diagnostics (backward ops pass their own).
mlir::FailureOr<mlir::RankedTensorType>
inferConv2dType(EmitErrorFn emitError, mlir::Type input, mlir::Type weight,
                mlir::Type bias, const ConvAttrs &attrs,
                llvm::StringRef inputName = "input",
                llvm::StringRef weightName = "weight");

/// Spatial output sizes of a convolution over `input` (rank 4) with the
/// given kernel, or an error when the dilated kernel does not fit.
mlir::FailureOr<std::pair<int64_t, int64_t>> inferConvSpatialSizes(
    EmitErrorFn emitError, mlir::RankedTensorType input, int64_t kernelH,
    int64_t kernelW, llvm::ArrayRef<int64_t> strides,
    llvm::ArrayRef<int64_t> pads, llvm::ArrayRef<int64_t> dilations);

/// [N, C, OH, OW] of ssl.max_pool2d and ssl.avg_pool2d.
mlir::FailureOr<mlir::RankedTensorType>
inferPool2dType(EmitErrorFn emitError, mlir::Type input, const PoolAttrs &attrs,
                llvm::StringRef inputName = "input");

/// [N, C, 1, 1] of ssl.global_avg_pool.
mlir::FailureOr<mlir::RankedTensorType>
inferGlobalAvgPoolType(EmitErrorFn emitError, mlir::Type input,
                       llvm::StringRef inputName = "input");

/// [N, prod(rest)] of ssl.flatten.
mlir::FailureOr<mlir::RankedTensorType>
inferFlattenType(EmitErrorFn emitError, mlir::Type input,
                 llvm::StringRef inputName = "input");

/// The bounds of ssl.clip: neither NaN, min <= max.
mlir::LogicalResult verifyClipBounds(EmitErrorFn emitError, float min,
                                     float max);

/// The slope and offset of ssl.hard_sigmoid: both finite.
mlir::LogicalResult verifyHardSigmoidAttrs(EmitErrorFn emitError, float alpha,
                                           float beta);

/// ssl.mul's broadcast rule: `rhs` has the rank of `lhs` and along every
/// axis its size or 1.
mlir::LogicalResult verifyMulOperands(EmitErrorFn emitError, mlir::Type lhs,
                                      mlir::Type rhs);
/// The same rule on shapes, without a diagnostic.
bool mulBroadcasts(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// The ssl.concat of `inputs` along `axis`.
mlir::FailureOr<mlir::RankedTensorType>
inferConcatType(EmitErrorFn emitError, mlir::TypeRange inputs, int64_t axis,
                llvm::StringRef inputName = "input");

/// Batch normalization operands: `input` of rank >= 2 with C channels on
/// axis 1, every named per-channel operand [C], and epsilon > 0. Returns the
/// input type.
mlir::FailureOr<mlir::RankedTensorType> verifyBatchNormOperands(
    EmitErrorFn emitError, mlir::Type input,
    llvm::ArrayRef<std::pair<llvm::StringRef, mlir::Type>> perChannel,
    float epsilon);

/// Logits [N, K] with labels i64 [N] or f32 [N, K].
mlir::LogicalResult verifyCrossEntropyOperands(EmitErrorFn emitError,
                                               mlir::Type logits,
                                               mlir::Type labels);

/// Whether `found` refines `expected`: same element type and compatible
/// shapes (a static size matches a dynamic one).
bool isCompatibleType(mlir::Type expected, mlir::Type found);

/// Compares the op's result types with `expected`:
/// "expects result #i of type X, found Y".
mlir::LogicalResult verifyResultTypes(mlir::Operation *op,
                                      mlir::TypeRange expected);

/// For backward ops: `forward` is the forward type rule applied to the
/// forward input type `forwardInput` (which the backward op holds as an
/// operand or result); `grad_output` must have its type. Fails if the rule
/// failed (it has reported why), otherwise reports "expects grad_output of
/// type X (the forward output for <forwardInput>), found Y". A null
/// `forwardInput` is described as "the result types".
mlir::LogicalResult
verifyGradOutput(mlir::Operation *op,
                 mlir::FailureOr<mlir::RankedTensorType> forward,
                 mlir::Type gradOutput, mlir::Type forwardInput);

/// verify() of an op with SSL_InferResultTypes: runs the op's type rule
/// with diagnostics at the op, then compares its result types.
template <typename OpTy>
mlir::LogicalResult verifyInferredResultTypes(OpTy op) {
  llvm::SmallVector<mlir::Type> types;
  if (mlir::failed(OpTy::inferResultTypes([&] { return op.emitOpError(); },
                                          typename OpTy::Adaptor(op), types)))
    return mlir::failure();
  return verifyResultTypes(op, types);
}

/// [N, C, H + top + bottom, W + left + right] of ssl.pad with
/// `pads` (top, left, bottom, right), each >= 0.
mlir::FailureOr<mlir::RankedTensorType>
inferPadType(EmitErrorFn emitError, mlir::Type input,
             llvm::ArrayRef<int64_t> pads);

/// ssl.channel_shuffle: a rank-4 input whose channels `groups` (>= 1)
/// divides.
mlir::LogicalResult verifyChannelShuffle(EmitErrorFn emitError,
                                         mlir::Type input, int64_t groups);

/// The ssl.slice of channels [begin, end) of `input` (rank >= 2).
mlir::FailureOr<mlir::RankedTensorType>
inferSliceType(EmitErrorFn emitError, mlir::Type input, int64_t begin,
               int64_t end);

/// The ssl.gather of channels `indices` (at least one, each in [0, C)) of
/// `input` (rank >= 2).
mlir::FailureOr<mlir::RankedTensorType>
inferGatherType(EmitErrorFn emitError, mlir::Type input,
                llvm::ArrayRef<int64_t> indices);

} // namespace sslc::ssl

#endif
