//===- SSLTypeInference.cpp - shape rules shared by ssl ops ---------------===//
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"
#include "compiler/Dialect/SSL/IR/SSLShapes.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;

namespace sslc::ssl {

InFlightDiagnostic InferErrorEmitter::operator()() const {
  if (!loc)
    return InFlightDiagnostic();
  InFlightDiagnostic diag = emitError(*loc);
  diag << "'" << opName << "' op ";
  return diag;
}

std::string formatShape(ArrayRef<int64_t> sizes) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(sizes, os, [&](int64_t size) {
    if (ShapedType::isDynamic(size))
      os << "?";
    else
      os << size;
  });
  os << "]";
  return text;
}

std::string formatFloat(float value) {
  // Six significant digits: an f32 attribute written as 1.0e-4 reads back
  // as 1e-04 instead of its exact binary value 9.99999974E-5.
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format("%g", value);
  return text;
}

bool sizesMatch(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

FailureOr<RankedTensorType> getRankedTensor(EmitErrorFn emitError, Type type,
                                            int64_t rank, StringRef what) {
  auto tensor = dyn_cast_if_present<RankedTensorType>(type);
  if (!tensor) {
    emitError() << "expects a rank-" << rank << " " << what << ", found "
                << type;
    return failure();
  }
  if (tensor.getRank() != rank) {
    emitError() << "expects a rank-" << rank << " " << what << ", found rank "
                << tensor.getRank();
    return failure();
  }
  return tensor;
}

RankedTensorType getF32Tensor(ArrayRef<int64_t> shape, MLIRContext *ctx) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

namespace {

bool allAtLeast(ArrayRef<int64_t> values, int64_t bound) {
  return llvm::all_of(values, [&](int64_t v) { return v >= bound; });
}

constexpr const char *kAxisNames[] = {"height", "width"};

} // namespace

LogicalResult verifyWindowAttrs(EmitErrorFn emitError,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                std::optional<ArrayRef<int64_t>> dilations) {
  if (strides.size() != 2)
    return fail(emitError() << "expects 2 strides, found " << strides.size());
  if (pads.size() != 4)
    return fail(emitError() << "expects 4 pads (top, left, bottom, right), found "
                       << pads.size());
  if (dilations && dilations->size() != 2)
    return fail(emitError() << "expects 2 dilations, found " << dilations->size());
  if (!allAtLeast(strides, 1))
    return fail(emitError() << "expects strides >= 1, found "
                       << formatShape(strides));
  if (!allAtLeast(pads, 0))
    return fail(emitError() << "expects pads >= 0, found " << formatShape(pads));
  if (dilations && !allAtLeast(*dilations, 1))
    return fail(emitError() << "expects dilations >= 1, found "
                       << formatShape(*dilations));
  return success();
}

LogicalResult verifyKernelSize(EmitErrorFn emitError,
                               ArrayRef<int64_t> kernel) {
  if (kernel.size() != 2)
    return fail(emitError() << "expects 2 kernel sizes, found " << kernel.size());
  if (!allAtLeast(kernel, 1))
    return fail(emitError() << "expects kernel sizes >= 1, found "
                       << formatShape(kernel));
  return success();
}

FailureOr<std::pair<int64_t, int64_t>>
inferConvSpatialSizes(EmitErrorFn emitError, RankedTensorType input,
                      int64_t kernelH, int64_t kernelW,
                      ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                      ArrayRef<int64_t> dilations) {
  int64_t kernel[2] = {kernelH, kernelW};
  int64_t out[2];
  for (int axis = 0; axis < 2; ++axis) {
    int64_t in = input.getDimSize(2 + axis);
    if (ShapedType::isDynamic(in) || ShapedType::isDynamic(kernel[axis])) {
      out[axis] = ShapedType::kDynamic;
      continue;
    }
    int64_t padded = in + pads[axis] + pads[axis + 2];
    int64_t extent = shapes::dilatedKernel(kernel[axis], dilations[axis]);
    if (padded < extent) {
      emitError() << "expects padded input " << kAxisNames[axis]
                  << " >= dilated kernel " << kAxisNames[axis] << " " << extent
                  << ", found " << padded;
      return failure();
    }
    out[axis] =
        shapes::convOutputSize(in, kernel[axis], strides[axis], pads[axis],
                               pads[axis + 2], dilations[axis]);
  }
  return std::make_pair(out[0], out[1]);
}

FailureOr<RankedTensorType> inferConv2dType(EmitErrorFn emitError, Type input,
                                            Type weight, Type bias,
                                            const ConvAttrs &attrs,
                                            StringRef inputName,
                                            StringRef weightName) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, input, 4, (inputName + " [N, C, H, W]").str());
  if (failed(in))
    return failure();
  FailureOr<RankedTensorType> w = getRankedTensor(
      emitError, weight, 4, (weightName + " [O, C/groups, KH, KW]").str());
  if (failed(w) || failed(verifyWindowAttrs(emitError, attrs.strides,
                                            attrs.pads, attrs.dilations)))
    return failure();
  int64_t groups = attrs.groups;
  if (groups < 1) {
    emitError() << "expects groups >= 1, found " << groups;
    return failure();
  }
  int64_t channels = in->getDimSize(1);
  int64_t outChannels = w->getDimSize(0);
  int64_t groupChannels = w->getDimSize(1);
  if (!ShapedType::isDynamic(channels) && channels % groups != 0) {
    emitError() << "expects input channels divisible by " << groups
                << " groups, found " << channels;
    return failure();
  }
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0) {
    emitError() << "expects output channels divisible by " << groups
                << " groups, found " << outChannels;
    return failure();
  }
  if (!ShapedType::isDynamic(channels) &&
      !sizesMatch(channels / groups, groupChannels)) {
    emitError() << "expects " << weightName << " with " << channels / groups
                << " input channels per group, found " << groupChannels;
    return failure();
  }
  if (bias) {
    FailureOr<RankedTensorType> b =
        getRankedTensor(emitError, bias, 1, "bias [O]");
    if (failed(b))
      return failure();
    if (!sizesMatch(b->getDimSize(0), outChannels)) {
      emitError() << "expects bias of shape " << formatShape({outChannels})
                  << ", found " << formatShape(b->getShape());
      return failure();
    }
  }
  FailureOr<std::pair<int64_t, int64_t>> spatial =
      inferConvSpatialSizes(emitError, *in, w->getDimSize(2), w->getDimSize(3),
                            attrs.strides, attrs.pads, attrs.dilations);
  if (failed(spatial))
    return failure();
  return getF32Tensor(
      {in->getDimSize(0), outChannels, spatial->first, spatial->second},
      input.getContext());
}

FailureOr<RankedTensorType> inferPool2dType(EmitErrorFn emitError, Type input,
                                            const PoolAttrs &attrs,
                                            StringRef inputName) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, input, 4, (inputName + " [N, C, H, W]").str());
  if (failed(in) || failed(verifyKernelSize(emitError, attrs.kernel)) ||
      failed(verifyWindowAttrs(emitError, attrs.strides, attrs.pads,
                               std::nullopt)))
    return failure();
  // A window inside the padding only would have nothing to pool.
  for (int side = 0; side < 4; ++side) {
    if (attrs.pads[side] >= attrs.kernel[side % 2]) {
      emitError() << "expects pads < kernel " << formatShape(attrs.kernel)
                  << " (top, left, bottom, right), found "
                  << formatShape(attrs.pads);
      return failure();
    }
  }
  int64_t out[2];
  for (int axis = 0; axis < 2; ++axis) {
    int64_t size = in->getDimSize(2 + axis);
    if (ShapedType::isDynamic(size)) {
      out[axis] = ShapedType::kDynamic;
      continue;
    }
    int64_t padded = size + attrs.pads[axis] + attrs.pads[axis + 2];
    if (padded < attrs.kernel[axis]) {
      emitError() << "expects padded input " << kAxisNames[axis]
                  << " >= kernel " << kAxisNames[axis] << " "
                  << attrs.kernel[axis] << ", found " << padded;
      return failure();
    }
    out[axis] = shapes::poolOutputSize(size, attrs.kernel[axis],
                                       attrs.strides[axis], attrs.pads[axis],
                                       attrs.pads[axis + 2], attrs.ceilMode);
  }
  return getF32Tensor({in->getDimSize(0), in->getDimSize(1), out[0], out[1]},
                      input.getContext());
}

FailureOr<RankedTensorType>
inferGlobalAvgPoolType(EmitErrorFn emitError, Type input, StringRef inputName) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, input, 4, (inputName + " [N, C, H, W]").str());
  if (failed(in))
    return failure();
  return getF32Tensor({in->getDimSize(0), in->getDimSize(1), 1, 1},
                      input.getContext());
}

FailureOr<RankedTensorType> inferFlattenType(EmitErrorFn emitError, Type input,
                                             StringRef inputName) {
  auto in = dyn_cast_if_present<RankedTensorType>(input);
  if (!in || in.getRank() < 2) {
    InFlightDiagnostic diag = emitError();
    diag << "expects " << inputName << " of rank >= 2, found ";
    if (in)
      diag << "rank " << in.getRank();
    else
      diag << input;
    return failure();
  }
  int64_t features = 1;
  for (int64_t size : in.getShape().drop_front()) {
    if (ShapedType::isDynamic(size)) {
      features = ShapedType::kDynamic;
      break;
    }
    features *= size;
  }
  return getF32Tensor({in.getDimSize(0), features}, input.getContext());
}

// The rules below report with `emitError() << ...; return failure();`: an
// emitter without a location hands out an empty diagnostic, which would
// convert to success.

LogicalResult verifyClipBounds(EmitErrorFn emitError, float min, float max) {
  if (std::isnan(min) || std::isnan(max) || !(min <= max)) {
    emitError() << "expects min <= max, found min " << formatFloat(min)
                << " and max " << formatFloat(max);
    return failure();
  }
  return success();
}

LogicalResult verifyHardSigmoidAttrs(EmitErrorFn emitError, float alpha,
                                     float beta) {
  if (!std::isfinite(alpha) || !std::isfinite(beta)) {
    emitError() << "expects finite alpha and beta, found alpha "
                << formatFloat(alpha) << " and beta " << formatFloat(beta);
    return failure();
  }
  return success();
}

namespace {
/// The first axis along which `rhs` (of the rank of `lhs`) is neither 1
/// nor the size of `lhs`, or -1.
int64_t firstUnbroadcastAxis(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  for (size_t axis = 0; axis < lhs.size(); ++axis)
    if (rhs[axis] != 1 && !sizesMatch(lhs[axis], rhs[axis]))
      return static_cast<int64_t>(axis);
  return -1;
}
} // namespace

bool mulBroadcasts(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  return lhs.size() == rhs.size() && firstUnbroadcastAxis(lhs, rhs) < 0;
}

LogicalResult verifyMulOperands(EmitErrorFn emitError, Type lhs, Type rhs) {
  auto l = dyn_cast_if_present<RankedTensorType>(lhs);
  auto r = dyn_cast_if_present<RankedTensorType>(rhs);
  if (!l || !r) {
    emitError() << "expects ranked tensor operands, found " << lhs << " and "
                << rhs;
    return failure();
  }
  if (l.getRank() != r.getRank()) {
    emitError() << "expects rhs of rank " << l.getRank() << " (the rank of lhs "
                << formatShape(l.getShape()) << "), found "
                << formatShape(r.getShape());
    return failure();
  }
  int64_t axis = firstUnbroadcastAxis(l.getShape(), r.getShape());
  if (axis >= 0) {
    emitError() << "expects rhs of size 1 or " << l.getDimSize(axis)
                << " along axis " << axis << " to broadcast to lhs "
                << formatShape(l.getShape()) << ", found "
                << formatShape(r.getShape());
    return failure();
  }
  return success();
}

FailureOr<RankedTensorType> inferConcatType(EmitErrorFn emitError,
                                            TypeRange inputs, int64_t axis,
                                            StringRef inputName) {
  if (inputs.empty()) {
    emitError() << "expects at least one " << inputName << ", found none";
    return failure();
  }
  auto first = dyn_cast<RankedTensorType>(inputs.front());
  if (!first) {
    emitError() << "expects a ranked tensor " << inputName << ", found "
                << inputs.front();
    return failure();
  }
  int64_t rank = first.getRank();
  if (axis < 0 || axis >= rank) {
    emitError() << "expects axis in [0, " << rank << "), found " << axis;
    return failure();
  }
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, type] : llvm::enumerate(inputs.drop_front())) {
    unsigned index = i + 1;
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || tensor.getRank() != rank) {
      InFlightDiagnostic diag = emitError();
      diag << "expects " << inputName << " #" << index << " of rank " << rank
           << ", found ";
      if (tensor)
        diag << "rank " << tensor.getRank();
      else
        diag << type;
      return failure();
    }
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = tensor.getDimSize(d);
      if (d == axis) {
        shape[d] =
            ShapedType::isDynamic(shape[d]) || ShapedType::isDynamic(size)
                ? ShapedType::kDynamic
                : shape[d] + size;
        continue;
      }
      if (!sizesMatch(shape[d], size)) {
        emitError() << "expects " << inputName << " #" << index
                    << " to have size " << shape[d] << " on axis " << d
                    << ", found " << size;
        return failure();
      }
      if (ShapedType::isDynamic(shape[d]))
        shape[d] = size;
    }
  }
  return getF32Tensor(shape, first.getContext());
}

FailureOr<RankedTensorType>
verifyBatchNormOperands(EmitErrorFn emitError, Type input,
                        ArrayRef<std::pair<StringRef, Type>> perChannel,
                        float epsilon) {
  auto in = dyn_cast_if_present<RankedTensorType>(input);
  if (!in || in.getRank() < 2) {
    InFlightDiagnostic diag = emitError();
    diag << "expects an input of rank >= 2 with channels on axis 1, found ";
    if (in)
      diag << "rank " << in.getRank();
    else
      diag << input;
    return failure();
  }
  int64_t channels = in.getDimSize(1);
  for (auto [name, type] : perChannel) {
    auto param = dyn_cast<RankedTensorType>(type);
    if (!param || param.getRank() != 1 ||
        !sizesMatch(param.getDimSize(0), channels)) {
      InFlightDiagnostic diag = emitError();
      diag << "expects " << name << " of shape " << formatShape({channels})
           << ", found ";
      if (param)
        diag << formatShape(param.getShape());
      else
        diag << type;
      return failure();
    }
  }
  if (!(epsilon > 0.0f)) {
    emitError() << "expects epsilon > 0, found " << formatFloat(epsilon);
    return failure();
  }
  return in;
}

LogicalResult verifyCrossEntropyOperands(EmitErrorFn emitError, Type logits,
                                         Type labels) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, logits, 2, "logits [N, K]");
  if (failed(in))
    return failure();
  auto target = dyn_cast_if_present<RankedTensorType>(labels);
  bool indices = target && target.getRank() == 1 &&
                 target.getElementType().isInteger(64) &&
                 sizesMatch(target.getDimSize(0), in->getDimSize(0));
  bool distributions = target && target.getRank() == 2 &&
                       target.getElementType().isF32() &&
                       sizesMatch(target.getDimSize(0), in->getDimSize(0)) &&
                       sizesMatch(target.getDimSize(1), in->getDimSize(1));
  if (!indices && !distributions)
    return fail(emitError() << "expects labels " << formatShape({in->getDimSize(0)})
                       << " of i64 class indices or "
                       << formatShape(in->getShape())
                       << " of f32 targets, found " << labels);
  return success();
}

bool isCompatibleType(Type expected, Type found) {
  return getElementTypeOrSelf(expected) == getElementTypeOrSelf(found) &&
         succeeded(verifyCompatibleShape(expected, found));
}

LogicalResult verifyResultTypes(Operation *op, TypeRange expected) {
  if (expected.size() != op->getNumResults())
    return op->emitOpError() << "expects " << expected.size()
                             << " results, found " << op->getNumResults();
  for (auto [i, want, have] : llvm::enumerate(expected, op->getResultTypes())) {
    if (!isCompatibleType(want, have))
      return op->emitOpError() << "expects result #" << i << " of type " << want
                               << ", found " << have;
  }
  return success();
}

LogicalResult verifyGradOutput(Operation *op,
                               FailureOr<RankedTensorType> forward,
                               Type gradOutput, Type forwardInput) {
  if (failed(forward))
    return failure();
  if (isCompatibleType(*forward, gradOutput))
    return success();
  InFlightDiagnostic diag = op->emitOpError();
  diag << "expects grad_output of type " << *forward
       << " (the forward output for ";
  if (forwardInput)
    diag << forwardInput;
  else
    diag << "the result types";
  return diag << "), found " << gradOutput;
}

FailureOr<RankedTensorType> inferPadType(EmitErrorFn emitError, Type input,
                                         ArrayRef<int64_t> pads) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, input, 4, "input [N, C, H, W]");
  if (failed(in))
    return failure();
  if (pads.size() != 4 || !allAtLeast(pads, 0)) {
    emitError() << "expects 4 pads (top, left, bottom, right) >= 0, found "
                << formatShape(pads);
    return failure();
  }
  SmallVector<int64_t> shape(in->getShape());
  for (int axis = 2; axis < 4; ++axis)
    if (!ShapedType::isDynamic(shape[axis]))
      shape[axis] += pads[axis - 2] + pads[axis];
  return getF32Tensor(shape, in->getContext());
}

LogicalResult verifyChannelShuffle(EmitErrorFn emitError, Type input,
                                   int64_t groups) {
  FailureOr<RankedTensorType> in =
      getRankedTensor(emitError, input, 4, "input [N, C, H, W]");
  if (failed(in))
    return failure();
  int64_t channels = in->getDimSize(1);
  if (groups < 1 ||
      (!ShapedType::isDynamic(channels) && channels % groups != 0))
    return fail(emitError() << "expects groups >= 1 dividing the " << channels
                       << " channels, found " << groups);
  return success();
}

/// `input` as a ranked tensor of rank >= 2, whose axis 1 slice and gather
/// select from.
static FailureOr<RankedTensorType> channelsInput(EmitErrorFn emitError,
                                                 Type input) {
  auto in = dyn_cast_if_present<RankedTensorType>(input);
  if (!in || in.getRank() < 2) {
    emitError() << "expects an input of rank >= 2 with channels on axis 1, "
                   "found "
                << input;
    return failure();
  }
  return in;
}

FailureOr<RankedTensorType> inferSliceType(EmitErrorFn emitError, Type input,
                                           int64_t begin, int64_t end) {
  FailureOr<RankedTensorType> in = channelsInput(emitError, input);
  if (failed(in))
    return failure();
  int64_t channels = in->getDimSize(1);
  if (begin < 0 || end <= begin ||
      (!ShapedType::isDynamic(channels) && end > channels)) {
    emitError() << "expects 0 <= begin < end <= " << channels
                << " channels, found [" << begin << ", " << end << ")";
    return failure();
  }
  SmallVector<int64_t> shape(in->getShape());
  shape[1] = end - begin;
  return getF32Tensor(shape, in->getContext());
}

FailureOr<RankedTensorType> inferGatherType(EmitErrorFn emitError, Type input,
                                            ArrayRef<int64_t> indices) {
  FailureOr<RankedTensorType> in = channelsInput(emitError, input);
  if (failed(in))
    return failure();
  if (indices.empty()) {
    emitError() << "expects at least one index, found none";
    return failure();
  }
  int64_t channels = in->getDimSize(1);
  for (size_t i = 0; i < indices.size(); ++i)
    if (indices[i] < 0 ||
        (!ShapedType::isDynamic(channels) && indices[i] >= channels)) {
      emitError() << "expects indices in [0, " << channels
                  << "), found indices[" << i << "] = " << indices[i];
      return failure();
    }
  SmallVector<int64_t> shape(in->getShape());
  shape[1] = static_cast<int64_t>(indices.size());
  return getF32Tensor(shape, in->getContext());
}

} // namespace sslc::ssl
