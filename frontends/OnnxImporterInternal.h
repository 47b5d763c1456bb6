//===- OnnxImporterInternal.h - the ONNX importer's state --------*- C++ -*-===//
//
// Shared by the importer's translation units (OnnxImporter.cpp: the walk,
// attributes, operands and parameters; OnnxTensors.cpp; OnnxLayerOps.cpp;
// OnnxShapeOps.cpp; OnnxChannelsLast.cpp). Not installed: the public entry
// points are in OnnxImporter.h, which exposes neither protobuf nor ONNX.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_FRONTENDS_ONNXIMPORTERINTERNAL_H
#define SSLC_FRONTENDS_ONNXIMPORTERINTERNAL_H

#include "frontends/Builder.h"
#include "frontends/OnnxImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <onnx/onnx_pb.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sslc::onnx_import {

using mlir::cast;
using mlir::FailureOr;
using mlir::Float32Type;
using mlir::InFlightDiagnostic;
using mlir::LogicalResult;
using mlir::MLIRContext;
using mlir::ModuleOp;
using mlir::Operation;
using mlir::OwningOpRef;
using mlir::RankedTensorType;
using mlir::Value;

constexpr int64_t kMinOpset = 11;
constexpr int64_t kMaxOpset = 17;

/// A constant tensor: float values for weights, integers for shapes, axes
/// and flags.
struct ConstTensor {
  /// The initializer or node output it came from; names its parameter.
  std::string name;
  std::vector<int64_t> shape;
  bool isFloat = false;
  std::vector<float> floats;
  std::vector<int64_t> ints;
};

int64_t product(llvm::ArrayRef<int64_t> sizes);

std::string dataTypeName(int32_t type);

/// Decodes float, double, int64, int32 and bool tensors; `error` completes
/// a sentence that starts with the tensor's name.
bool decodeTensor(const onnx::TensorProto &t, const std::string &name,
                  ConstTensor &out, std::string &error);

/// [K, M] row-major to [M, K].
std::vector<float> transpose(const std::vector<float> &values, int64_t rows,
                             int64_t cols);

/// Sliding-window attributes of Conv, MaxPool and AveragePool in ssl order:
/// kernel (KH, KW), strides, pads (top, left, bottom, right), dilations.
struct Window {
  std::vector<int64_t> kernel, strides, pads, dilations;
};

class Importer {
public:
  Importer(MLIRContext *ctx, std::string source,
           const OnnxImportOptions &options)
      : ctx(ctx), source(std::move(source)), options(options) {}

  OwningOpRef<ModuleOp> import(const onnx::ModelProto &model);

private:
  /// A layer norm over the last axis of a channels-last tensor, as PyTorch
  /// exports `LayerNorm(C)`: ReduceMean, Sub, Pow 2, ReduceMean, Add eps,
  /// Sqrt, Div, then optionally Mul by gamma and Add beta. Each step's
  /// result is recorded under its ONNX name; only the next step may read
  /// it, and the normalized result becomes one ssl.layer_norm.
  struct PartialNorm {
    enum Step {
      Mean,
      Centered,
      Squared,
      Variance,
      Shifted,
      Deviation,
      Normalized,
      Scaled
    } step;
    std::string input;    // the channels-last tensor normalized
    std::string centered; // input - mean
    float epsilon = 0;
    const ConstTensor *gamma = nullptr;
    std::string producer;
  };
  /// GELU as exported before opset 20: Div by √2, Erf, Add 1, Mul by the
  /// input, Mul by 0.5; the last step builds ssl.gelu.
  struct PartialGelu {
    enum Step { Scaled, Erf, Shifted, Product } step;
    std::string input;
    std::string producer;
  };

  using Handler = LogicalResult (Importer::*)(const onnx::NodeProto &);

  // Diagnostics: "<source>: ..." and "<source>: node 'n' (Type): ...".
  InFlightDiagnostic error();
  InFlightDiagnostic nodeError(const onnx::NodeProto &node);
  std::string nodeLabel(const onnx::NodeProto &node) const;

  LogicalResult readOpset(const onnx::ModelProto &model);
  LogicalResult createInput(const onnx::GraphProto &graph);
  LogicalResult importNode(const onnx::NodeProto &node);

  // Attributes.
  LogicalResult checkAttributes(const onnx::NodeProto &node,
                                std::initializer_list<llvm::StringRef> known);
  const onnx::AttributeProto *findAttribute(const onnx::NodeProto &node,
                                            llvm::StringRef name);
  /// The attribute (null when absent), or an error when it is present with
  /// another type.
  FailureOr<const onnx::AttributeProto *>
  typedAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                 onnx::AttributeProto::AttributeType type,
                 bool hasValue(const onnx::AttributeProto &),
                 llvm::StringRef what);
  FailureOr<int64_t> intAttr(const onnx::NodeProto &node, llvm::StringRef name,
                             int64_t dflt);
  FailureOr<float> floatAttr(const onnx::NodeProto &node, llvm::StringRef name,
                             float dflt);
  FailureOr<std::string> stringAttr(const onnx::NodeProto &node,
                                    llvm::StringRef name, std::string dflt);
  FailureOr<std::vector<int64_t>> intsAttr(const onnx::NodeProto &node,
                                           llvm::StringRef name,
                                           std::vector<int64_t> dflt);
  FailureOr<Window> windowAttrs(const onnx::NodeProto &node,
                                const std::vector<int64_t> *weightKernel);
  FailureOr<bool> flagAttr(const onnx::NodeProto &node, llvm::StringRef name);

  // Operands and results.
  static bool hasInput(const onnx::NodeProto &node, int index) {
    return index < node.input_size() && !node.input(index).empty();
  }
  bool isConstant(const std::string &name) const {
    return constants.count(name) != 0;
  }
  /// The activation read by input `index`. A channels-last view is
  /// accepted only where `channelsLastOk` says the handler lays it out.
  FailureOr<Value> activation(const onnx::NodeProto &node, int index,
                              bool channelsLastOk = false);
  bool isChannelsLast(const std::string &name) const {
    return channelsLast.contains(name);
  }
  /// Defines output 0 of `node` as `value`, channels-last when `cl`.
  void defineLaidOut(const onnx::NodeProto &node, Value value, bool cl) {
    define(node, value);
    if (cl)
      channelsLast.insert(node.output(0));
  }
  FailureOr<const ConstTensor *> constant(const onnx::NodeProto &node,
                                          int index, llvm::StringRef role);
  FailureOr<const ConstTensor *> floatConstant(const onnx::NodeProto &node,
                                               int index, llvm::StringRef role);
  FailureOr<const ConstTensor *> intConstant(const onnx::NodeProto &node,
                                             int index, llvm::StringRef role);
  LogicalResult checkExtraOutputsUnused(const onnx::NodeProto &node);
  /// Input 0 computed, input 1 a float weight, input 2 an optional bias.
  struct LinearOperands {
    Value x;
    const ConstTensor *weight = nullptr;
    const ConstTensor *bias = nullptr;
  };
  FailureOr<LinearOperands> linearOperands(const onnx::NodeProto &node);
  void define(const onnx::NodeProto &node, Value value) {
    values[node.output(0)] = value;
  }
  void defineConstant(const onnx::NodeProto &node, ConstTensor tensor) {
    constants[node.output(0)] = std::move(tensor);
  }

  // Parameters, one global per (constant, layout).
  Value parameter(const ConstTensor &c) {
    return parameter(c, "", c.shape, c.floats);
  }
  Value parameter(const ConstTensor &c, llvm::StringRef layout,
                  llvm::ArrayRef<int64_t> shape,
                  const std::vector<float> &values);
  /// A [M] or [1, M] bias as a [M] parameter.
  Value biasParameter(const ConstTensor &c);
  RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape) const {
    return RankedTensorType::get(shape, Float32Type::get(ctx));
  }
  static llvm::ArrayRef<int64_t> shapeOf(Value v) {
    return cast<RankedTensorType>(v.getType()).getShape();
  }

  /// Gemm and MatMul once their attributes are checked: the node's
  /// linearOperands as ssl.dense, its weight [K, M] or [M, K]; the bias is
  /// ignored unless `withBias` (ONNX's MatMul has none).
  LogicalResult importDense(const onnx::NodeProto &node, bool weightIsKM,
                            bool withBias);

  // One handler per op type.
  LogicalResult importConv(const onnx::NodeProto &node);
  LogicalResult importGemm(const onnx::NodeProto &node);
  LogicalResult importMatMul(const onnx::NodeProto &node);
  LogicalResult importAdd(const onnx::NodeProto &node);
  LogicalResult importBatchNorm(const onnx::NodeProto &node);
  /// An op without attributes on one activation.
  LogicalResult importUnary(const onnx::NodeProto &node,
                            Value (NetworkBuilder::*build)(Value));
  LogicalResult importRelu(const onnx::NodeProto &node);
  LogicalResult importClip(const onnx::NodeProto &node);
  LogicalResult importSigmoid(const onnx::NodeProto &node);
  LogicalResult importHardSigmoid(const onnx::NodeProto &node);
  LogicalResult importHardSwish(const onnx::NodeProto &node);
  LogicalResult importMul(const onnx::NodeProto &node);
  /// The checks Add and Mul share (no attributes, two inputs, not both
  /// constant); which of the two operands is a constant.
  FailureOr<std::pair<bool, bool>> binaryOperands(const onnx::NodeProto &node);
  LogicalResult importReduceMean(const onnx::NodeProto &node);
  /// The optional scalar bound `index` of Clip, or `dflt` when absent.
  FailureOr<float> clipBound(const onnx::NodeProto &node, int index,
                             llvm::StringRef role, float dflt);
  LogicalResult importMaxPool(const onnx::NodeProto &node);
  LogicalResult importAveragePool(const onnx::NodeProto &node);
  LogicalResult importPool(const onnx::NodeProto &node, bool average);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &node);
  LogicalResult importFlatten(const onnx::NodeProto &node);
  LogicalResult importReshape(const onnx::NodeProto &node);
  LogicalResult importSoftmax(const onnx::NodeProto &node);
  LogicalResult importDropout(const onnx::NodeProto &node);
  LogicalResult importIdentity(const onnx::NodeProto &node);
  LogicalResult importConstant(const onnx::NodeProto &node);
  LogicalResult importShape(const onnx::NodeProto &node);
  LogicalResult importGather(const onnx::NodeProto &node);
  LogicalResult importUnsqueeze(const onnx::NodeProto &node);
  LogicalResult importConcat(const onnx::NodeProto &node);
  LogicalResult importPad(const onnx::NodeProto &node);
  LogicalResult importSlice(const onnx::NodeProto &node);
  LogicalResult importSplit(const onnx::NodeProto &node);
  LogicalResult importTranspose(const onnx::NodeProto &node);
  LogicalResult importIntegerArithmetic(const onnx::NodeProto &node);
  LogicalResult importCast(const onnx::NodeProto &node);
  LogicalResult importSub(const onnx::NodeProto &node);
  LogicalResult importDiv(const onnx::NodeProto &node);
  LogicalResult importPow(const onnx::NodeProto &node);
  LogicalResult importSqrt(const onnx::NodeProto &node);
  LogicalResult importErf(const onnx::NodeProto &node);
  /// MatMul of a channels-last activation [N, H, W, C] by a constant
  /// [C, K]: a 1x1 convolution of the [N, C, H, W] tensor.
  LogicalResult importChannelsLastMatMul(const onnx::NodeProto &node, Value x);
  /// The float scalar constant of input `index`, if it is one.
  std::optional<float> scalarConstant(const onnx::NodeProto &node, int index);
  /// Builds the layer norm that partial `name` describes, shifted by `beta`
  /// (zero when null), scaled by its gamma (one when it has none), and
  /// defines `result` as its channels-last value.
  Value finishLayerNorm(const std::string &name, const std::string &result,
                        const ConstTensor *beta = nullptr);
  /// The partial layer norm or GELU `name` at `step`, or null.
  const PartialNorm *normAt(const std::string &name, PartialNorm::Step step);
  const PartialGelu *geluAt(const std::string &name, PartialGelu::Step step);
  /// Records output 0 of `node` as the next step of a pattern.
  LogicalResult advance(const onnx::NodeProto &node, PartialNorm p,
                        PartialNorm::Step step);
  LogicalResult advance(const onnx::NodeProto &node, PartialGelu p,
                        PartialGelu::Step step);
  /// The steps an Add, a Mul or a ReduceMean can be: true when `node` was
  /// one (and is imported), false when it is an ordinary op.
  FailureOr<bool> addStep(const onnx::NodeProto &node);
  FailureOr<bool> mulStep(const onnx::NodeProto &node);
  FailureOr<bool> meanStep(const onnx::NodeProto &node,
                           llvm::ArrayRef<int64_t> axes, int64_t keepDims);
  /// A constant of `channels` values (shape [C] or [1, ..., C]) for `role`.
  FailureOr<const ConstTensor *> channelVector(const onnx::NodeProto &node,
                                               int index, int64_t channels,
                                               llvm::StringRef role);
  /// Folds the zero padding of an ssl.pad that produced input 0 of `node`
  /// (and is read by nothing else) into `pads`; returns the pad's input, or
  /// `x` when there is nothing to fold.
  Value foldPadInto(const onnx::NodeProto &node, Value x,
                    std::vector<int64_t> &pads);
  /// The channels [begin, end) of `x` (x itself when that is all of them).
  Value channelRange(Value x, int64_t begin, int64_t end);

  MLIRContext *ctx;
  std::string source;
  OnnxImportOptions options;
  int64_t opset = 0;
  int nodeIndex = -1;
  std::unique_ptr<NetworkBuilder> builder;
  llvm::StringMap<Value> values;
  /// Node handlers hold `const ConstTensor *` into this map while later
  /// nodes add to it: a StringMap keeps every entry where it was
  /// allocated (an llvm::DenseMap would move them when it grows).
  llvm::StringMap<ConstTensor> constants;
  /// How many node inputs and graph outputs name each value.
  llvm::StringMap<unsigned> uses;
  /// Bias-free dense ops (MatMul, Gemm without C) by the ONNX name of their
  /// result: a following Add of a constant becomes their bias.
  llvm::DenseMap<Operation *, std::string> biasFreeDense;
  std::map<std::string, Value> parameters;
  llvm::StringSet<> symbols;
  /// The first two steps of a channel shuffle, by ONNX name: a Reshape
  /// [N, C, H, W] -> [N, g, C/g, H, W] of `input` (`transposed` once the
  /// Transpose perm [0, 2, 1, 3, 4] followed). Only the closing Reshape
  /// back to [N, C, H, W] may read them.
  struct PartialShuffle {
    Value input;
    int64_t groups;
    bool transposed;
    std::string producer;
  };
  llvm::StringMap<PartialShuffle> partialShuffles;

  /// ONNX names whose ssl value is the [N, C, H, W] tensor that the ONNX
  /// graph reads through Transpose perm [0, 2, 3, 1] as [N, H, W, C].
  llvm::StringSet<> channelsLast;
  /// Constants that are Transpose [1, 0] of another constant, by ONNX name:
  /// the source, so a weight keeps its PyTorch name and layout.
  llvm::StringMap<std::string> transposedFrom;
  llvm::StringMap<PartialNorm> partialNorms;
  llvm::StringMap<PartialGelu> partialGelus;
};

} // namespace sslc::onnx_import

#endif // SSLC_FRONTENDS_ONNXIMPORTERINTERNAL_H
