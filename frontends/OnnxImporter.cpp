//===- OnnxImporter.cpp - ONNX models as Model IR -------------------------===//
//
// One walk over the (topologically sorted) nodes. Constant tensors —
// initializers, Constant outputs and the shape arithmetic PyTorch emits for
// a dynamic batch — are kept apart from activations and become parameters
// only where an op takes them as weights. Whatever the ssl ops cannot express
// exactly is rejected with the node's name instead of being approximated.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporter.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"
#include "frontends/Builder.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/onnx_pb.h>

#include <climits>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <map>
#include <type_traits>

using namespace mlir;

namespace sslc {
namespace {

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

int64_t product(llvm::ArrayRef<int64_t> sizes) {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  return n;
}

std::string dataTypeName(int32_t type) {
  if (onnx::TensorProto_DataType_IsValid(type))
    return onnx::TensorProto_DataType_Name(
        static_cast<onnx::TensorProto_DataType>(type));
  return "type " + std::to_string(type);
}

/// Reads `count` elements of T from raw_data (little-endian, as ONNX stores
/// them and as the supported hosts are) and widens them to U.
template <typename T, typename U>
bool readRaw(const std::string &raw, int64_t count, std::vector<U> &out,
             std::string &error) {
  if (raw.size() != static_cast<size_t>(count) * sizeof(T)) {
    error = "has " + std::to_string(raw.size()) + " bytes of raw data, " +
            "expected " + std::to_string(count * sizeof(T));
    return false;
  }
  if constexpr (std::is_same_v<T, U>) {
    out.resize(count);
    if (count)
      std::memcpy(out.data(), raw.data(), raw.size());
  } else {
    std::vector<T> values(count);
    if (count)
      std::memcpy(values.data(), raw.data(), raw.size());
    out.assign(values.begin(), values.end());
  }
  return true;
}

template <typename Field, typename U>
bool readField(const Field &field, int64_t count, std::vector<U> &out,
               std::string &error) {
  if (field.size() != count) {
    error = "has " + std::to_string(field.size()) + " values, expected " +
            std::to_string(count);
    return false;
  }
  out.assign(field.begin(), field.end());
  return true;
}

/// Decodes float, double, int64, int32 and bool tensors; `error` completes
/// a sentence that starts with the tensor's name.
bool decodeTensor(const onnx::TensorProto &t, const std::string &name,
                  ConstTensor &out, std::string &error) {
  out.name = name;
  out.shape.assign(t.dims().begin(), t.dims().end());
  // Bounded so that the element count cannot overflow.
  constexpr int64_t kMaxElements = int64_t(1) << 40;
  int64_t count = 1;
  for (int64_t d : out.shape) {
    if (d < 0 || (d > 0 && count > kMaxElements / d)) {
      error = "has an invalid shape " + ssl::formatShape(out.shape);
      return false;
    }
    count *= d;
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "keeps its data in an external file, which is not supported";
    return false;
  }
  bool raw = t.has_raw_data();
  const std::string &bytes = t.raw_data();
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT:
    out.isFloat = true;
    return raw ? readRaw<float>(bytes, count, out.floats, error)
               : readField(t.float_data(), count, out.floats, error);
  case onnx::TensorProto::DOUBLE:
    out.isFloat = true;
    return raw ? readRaw<double>(bytes, count, out.floats, error)
               : readField(t.double_data(), count, out.floats, error);
  case onnx::TensorProto::INT64:
    return raw ? readRaw<int64_t>(bytes, count, out.ints, error)
               : readField(t.int64_data(), count, out.ints, error);
  case onnx::TensorProto::INT32:
    return raw ? readRaw<int32_t>(bytes, count, out.ints, error)
               : readField(t.int32_data(), count, out.ints, error);
  case onnx::TensorProto::BOOL:
    return raw ? readRaw<uint8_t>(bytes, count, out.ints, error)
               : readField(t.int32_data(), count, out.ints, error);
  default:
    error = "has data type " + dataTypeName(t.data_type()) +
            " (supported: FLOAT, DOUBLE, INT64, INT32, BOOL)";
    return false;
  }
}

/// [K, M] row-major to [M, K].
std::vector<float> transpose(const std::vector<float> &values, int64_t rows,
                             int64_t cols) {
  std::vector<float> out(values.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      out[c * rows + r] = values[r * cols + c];
  return out;
}

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
  FailureOr<Value> activation(const onnx::NodeProto &node, int index);
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

  LogicalResult importDense(const onnx::NodeProto &node, Value x,
                            const ConstTensor &w, bool weightIsKM,
                            const ConstTensor *bias);

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
};

InFlightDiagnostic Importer::error() {
  InFlightDiagnostic diag = emitError(UnknownLoc::get(ctx));
  diag << source << ": ";
  return diag;
}

std::string Importer::nodeLabel(const onnx::NodeProto &node) const {
  std::string name = node.name().empty() ? "#" + std::to_string(nodeIndex)
                                         : "'" + node.name() + "'";
  return "node " + name + " (" + node.op_type() + ")";
}

InFlightDiagnostic Importer::nodeError(const onnx::NodeProto &node) {
  InFlightDiagnostic diag = error();
  diag << nodeLabel(node) << ": ";
  return diag;
}

LogicalResult Importer::readOpset(const onnx::ModelProto &model) {
  for (const onnx::OperatorSetIdProto &id : model.opset_import())
    if (id.domain().empty() || id.domain() == "ai.onnx")
      opset = id.version();
  if (opset == 0)
    return error() << "imports no version of the default ONNX operator set";
  if (opset < kMinOpset || opset > kMaxOpset)
    return error() << "opset " << opset << " is not supported (expected "
                   << kMinOpset << " to " << kMaxOpset << ")";
  return success();
}

LogicalResult Importer::createInput(const onnx::GraphProto &graph) {
  // Before IR version 4 initializers were listed among the inputs too.
  std::vector<const onnx::ValueInfoProto *> inputs;
  for (const onnx::ValueInfoProto &in : graph.input())
    if (!isConstant(in.name()))
      inputs.push_back(&in);
  if (inputs.size() != 1)
    return error() << "has " << inputs.size()
                   << " graph inputs besides initializers; one is supported";
  const onnx::ValueInfoProto &in = *inputs.front();
  if (!in.type().has_tensor_type())
    return error() << "input '" << in.name() << "' is not a tensor";
  const onnx::TypeProto::Tensor &tensor = in.type().tensor_type();
  if (tensor.elem_type() != onnx::TensorProto::FLOAT)
    return error() << "input '" << in.name() << "' has element type "
                   << dataTypeName(tensor.elem_type()) << ", expected FLOAT";
  if (!tensor.has_shape() || tensor.shape().dim_size() == 0)
    return error() << "input '" << in.name()
                   << "' has no shape; expected a batch dimension and static "
                      "sample dimensions";
  std::vector<int64_t> shape;
  for (int d = 0; d < tensor.shape().dim_size(); ++d) {
    const onnx::TensorShapeProto::Dimension &dim = tensor.shape().dim(d);
    if (dim.has_dim_value()) {
      if (dim.dim_value() < 1)
        return error() << "input '" << in.name() << "' has size "
                       << dim.dim_value() << " on axis " << d;
      shape.push_back(dim.dim_value());
    } else if (d == 0) {
      if (options.batch < 1)
        return error() << "batch " << options.batch << " must be >= 1";
      shape.push_back(options.batch);
    } else {
      InFlightDiagnostic diag = error();
      diag << "input '" << in.name() << "' has a symbolic size on axis " << d;
      if (dim.has_dim_param())
        diag << " ('" << dim.dim_param() << "')";
      diag << "; only the batch axis may be symbolic";
      return diag;
    }
  }
  builder = std::make_unique<NetworkBuilder>(ctx, shape, /*seed=*/0);
  values[in.name()] = builder->input();
  return success();
}

OwningOpRef<ModuleOp> Importer::import(const onnx::ModelProto &model) {
  if (model.ir_version() <= 0 || !model.has_graph()) {
    error() << "not an ONNX model (no IR version or no graph)";
    return nullptr;
  }
  if (failed(readOpset(model)))
    return nullptr;
  const onnx::GraphProto &graph = model.graph();
  if (graph.sparse_initializer_size() > 0) {
    error() << "sparse initializers are not supported";
    return nullptr;
  }
  for (const onnx::TensorProto &t : graph.initializer()) {
    ConstTensor c;
    std::string why;
    if (!decodeTensor(t, t.name(), c, why)) {
      error() << "initializer '" << t.name() << "' " << why;
      return nullptr;
    }
    constants[t.name()] = std::move(c);
  }
  for (const onnx::NodeProto &node : graph.node())
    for (const std::string &in : node.input())
      if (!in.empty())
        ++uses[in];
  for (const onnx::ValueInfoProto &out : graph.output())
    ++uses[out.name()];

  if (failed(createInput(graph)))
    return nullptr;
  for (int i = 0; i < graph.node_size(); ++i) {
    nodeIndex = i;
    if (failed(importNode(graph.node(i))))
      return nullptr;
  }

  SmallVector<Value> outputs;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    if (it == values.end()) {
      if (isConstant(out.name()))
        error() << "output '" << out.name()
                << "' is a constant; expected a computed tensor";
      else
        error() << "output '" << out.name() << "' is not produced by any node";
      return nullptr;
    }
    outputs.push_back(it->second);
  }
  if (outputs.empty()) {
    error() << "has no graph outputs";
    return nullptr;
  }
  builder->setLocation(UnknownLoc::get(ctx));
  OwningOpRef<ModuleOp> module = builder->finish(outputs);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  if (!node.domain().empty() && node.domain() != "ai.onnx")
    return nodeError(node) << "operator domain '" << node.domain()
                           << "' is not supported";
  if (node.output_size() == 0 || node.output(0).empty())
    return nodeError(node) << "has no output";
  // Shape arithmetic (`x.chunk(2, 1)` computes its split points from
  // x.shape) is evaluated at import whatever the op.
  if (llvm::is_contained({"Add", "Sub", "Mul", "Div"}, node.op_type()) &&
      node.input_size() == 2 && isConstant(node.input(0)) &&
      isConstant(node.input(1)) && !constants[node.input(0)].isFloat &&
      !constants[node.input(1)].isFloat) {
    builder->setLocation(NameLoc::get(StringAttr::get(ctx, nodeLabel(node))));
    return importIntegerArithmetic(node);
  }
  Handler handler =
      llvm::StringSwitch<Handler>(node.op_type())
          .Case("Conv", &Importer::importConv)
          .Case("Gemm", &Importer::importGemm)
          .Case("MatMul", &Importer::importMatMul)
          .Case("Add", &Importer::importAdd)
          .Case("BatchNormalization", &Importer::importBatchNorm)
          .Case("Relu", &Importer::importRelu)
          .Case("Clip", &Importer::importClip)
          .Case("Sigmoid", &Importer::importSigmoid)
          .Case("HardSigmoid", &Importer::importHardSigmoid)
          .Case("HardSwish", &Importer::importHardSwish)
          .Case("Mul", &Importer::importMul)
          .Case("ReduceMean", &Importer::importReduceMean)
          .Case("MaxPool", &Importer::importMaxPool)
          .Case("AveragePool", &Importer::importAveragePool)
          .Case("GlobalAveragePool", &Importer::importGlobalAveragePool)
          .Case("Flatten", &Importer::importFlatten)
          .Case("Reshape", &Importer::importReshape)
          .Case("Softmax", &Importer::importSoftmax)
          .Case("Dropout", &Importer::importDropout)
          .Case("Identity", &Importer::importIdentity)
          .Case("Constant", &Importer::importConstant)
          .Case("Shape", &Importer::importShape)
          .Case("Gather", &Importer::importGather)
          .Case("Unsqueeze", &Importer::importUnsqueeze)
          .Case("Concat", &Importer::importConcat)
          .Case("Pad", &Importer::importPad)
          .Case("Slice", &Importer::importSlice)
          .Case("Split", &Importer::importSplit)
          .Case("Transpose", &Importer::importTranspose)
          .Case("Div", &Importer::importIntegerArithmetic)
          .Case("Sub", &Importer::importIntegerArithmetic)
          .Case("Cast", &Importer::importCast)
          .Default(nullptr);
  if (!handler)
    return nodeError(node) << "op type '" << node.op_type()
                           << "' is not supported";
  // Ops and parameters made for this node carry its name, so later
  // diagnostics (verifier, passes, codegen) point back at it.
  builder->setLocation(
      NameLoc::get(StringAttr::get(ctx, nodeLabel(node)),
                   FileLineColLoc::get(ctx, source, /*line=*/0, /*column=*/0)));
  return (this->*handler)(node);
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

LogicalResult
Importer::checkAttributes(const onnx::NodeProto &node,
                          std::initializer_list<llvm::StringRef> known) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (!llvm::is_contained(known, a.name()))
      return nodeError(node)
             << "attribute '" << a.name() << "' is not supported";
  return success();
}

const onnx::AttributeProto *Importer::findAttribute(const onnx::NodeProto &node,
                                                    llvm::StringRef name) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

FailureOr<const onnx::AttributeProto *>
Importer::typedAttribute(const onnx::NodeProto &node, llvm::StringRef name,
                         onnx::AttributeProto::AttributeType type,
                         bool hasValue(const onnx::AttributeProto &),
                         llvm::StringRef what) {
  const onnx::AttributeProto *a = findAttribute(node, name);
  // Old writers leave `type` unset; then the field that is present decides.
  if (a && a->type() != type &&
      !(a->type() == onnx::AttributeProto::UNDEFINED && hasValue(*a))) {
    nodeError(node) << "attribute '" << name << "' must be " << what;
    return failure();
  }
  return a;
}

FailureOr<int64_t> Importer::intAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name, int64_t dflt) {
  auto a = typedAttribute(
      node, name, onnx::AttributeProto::INT,
      [](const onnx::AttributeProto &a) { return a.has_i(); }, "an integer");
  if (failed(a))
    return failure();
  return *a ? (*a)->i() : dflt;
}

FailureOr<float> Importer::floatAttr(const onnx::NodeProto &node,
                                     llvm::StringRef name, float dflt) {
  auto a = typedAttribute(
      node, name, onnx::AttributeProto::FLOAT,
      [](const onnx::AttributeProto &a) { return a.has_f(); }, "a float");
  if (failed(a))
    return failure();
  return *a ? (*a)->f() : dflt;
}

FailureOr<std::string> Importer::stringAttr(const onnx::NodeProto &node,
                                            llvm::StringRef name,
                                            std::string dflt) {
  auto a = typedAttribute(
      node, name, onnx::AttributeProto::STRING,
      [](const onnx::AttributeProto &a) { return a.has_s(); }, "a string");
  if (failed(a))
    return failure();
  return *a ? (*a)->s() : dflt;
}

FailureOr<std::vector<int64_t>> Importer::intsAttr(const onnx::NodeProto &node,
                                                   llvm::StringRef name,
                                                   std::vector<int64_t> dflt) {
  // An empty list is stored as no values at all, so UNDEFINED always passes.
  auto a = typedAttribute(
      node, name, onnx::AttributeProto::INTS,
      [](const onnx::AttributeProto &) { return true; }, "a list of integers");
  if (failed(a))
    return failure();
  if (!*a)
    return dflt;
  return std::vector<int64_t>((*a)->ints().begin(), (*a)->ints().end());
}

FailureOr<bool> Importer::flagAttr(const onnx::NodeProto &node,
                                   llvm::StringRef name) {
  FailureOr<int64_t> v = intAttr(node, name, 0);
  if (failed(v))
    return failure();
  if (*v != 0 && *v != 1) {
    nodeError(node) << name << " " << *v << " is not a valid value (0 or 1)";
    return failure();
  }
  return *v == 1;
}

FailureOr<Window>
Importer::windowAttrs(const onnx::NodeProto &node,
                      const std::vector<int64_t> *weightKernel) {
  Window w;
  FailureOr<std::vector<int64_t>> kernel = intsAttr(node, "kernel_shape", {});
  if (failed(kernel))
    return failure();
  if (weightKernel) {
    if (!kernel->empty() && *kernel != *weightKernel) {
      nodeError(node) << "kernel_shape " << ssl::formatShape(*kernel)
                      << " does not match the weight's "
                      << ssl::formatShape(*weightKernel);
      return failure();
    }
    w.kernel = *weightKernel;
  } else {
    if (!findAttribute(node, "kernel_shape")) {
      nodeError(node) << "expects attribute 'kernel_shape'";
      return failure();
    }
    if (kernel->size() != 2) {
      nodeError(node) << "only 2-D windows are supported, found kernel_shape "
                      << ssl::formatShape(*kernel);
      return failure();
    }
    w.kernel = *kernel;
  }
  FailureOr<std::vector<int64_t>> strides = intsAttr(node, "strides", {1, 1});
  FailureOr<std::vector<int64_t>> dilations =
      intsAttr(node, "dilations", {1, 1});
  FailureOr<std::vector<int64_t>> pads = intsAttr(node, "pads", {0, 0, 0, 0});
  FailureOr<std::string> autoPad = stringAttr(node, "auto_pad", "NOTSET");
  if (failed(strides) || failed(dilations) || failed(pads) || failed(autoPad))
    return failure();
  if (strides->size() != 2 || dilations->size() != 2) {
    nodeError(node) << "expects 2 strides and 2 dilations, found "
                    << strides->size() << " and " << dilations->size();
    return failure();
  }
  if (*autoPad == "VALID") {
    pads->assign(4, 0);
  } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
    nodeError(node) << "auto_pad " << *autoPad << " is not supported";
    return failure();
  } else if (*autoPad != "NOTSET") {
    nodeError(node) << "auto_pad '" << *autoPad << "' is not a valid value";
    return failure();
  }
  // ONNX orders pads (x1_begin, x2_begin, x1_end, x2_end), which for two
  // spatial axes is ssl's (top, left, bottom, right).
  if (pads->size() != 4) {
    nodeError(node) << "expects 4 pads, found " << pads->size();
    return failure();
  }
  w.strides = *strides;
  w.pads = *pads;
  w.dilations = *dilations;
  return w;
}

//===----------------------------------------------------------------------===//
// Operands, results, parameters
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::activation(const onnx::NodeProto &node, int index) {
  if (!hasInput(node, index)) {
    nodeError(node) << "expects input #" << index;
    return failure();
  }
  const std::string &name = node.input(index);
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  if (auto partial = partialShuffles.find(name);
      partial != partialShuffles.end()) {
    nodeError(node) << "input '" << name << "' is the result of "
                    << partial->second.producer
                    << ", which is supported only inside a channel shuffle "
                       "(Reshape [N, g, C/g, H, W], Transpose [0, 2, 1, 3, "
                       "4], Reshape [N, C, H, W])";
    return failure();
  }
  if (isConstant(name))
    nodeError(node) << "input '" << name
                    << "' is a constant; expected a computed tensor";
  else
    nodeError(node) << "input '" << name
                    << "' is not produced by an earlier node or a graph input";
  return failure();
}

FailureOr<const ConstTensor *> Importer::constant(const onnx::NodeProto &node,
                                                  int index,
                                                  llvm::StringRef role) {
  if (!hasInput(node, index)) {
    nodeError(node) << "expects a " << role << " (input #" << index << ")";
    return failure();
  }
  const std::string &name = node.input(index);
  auto it = constants.find(name);
  if (it != constants.end())
    return &it->second;
  if (values.count(name))
    nodeError(node) << role << " '" << name
                    << "' is computed by the graph; only constant " << role
                    << " (an initializer or a Constant output) is supported";
  else
    nodeError(node) << role << " '" << name
                    << "' is not produced by an earlier node or an initializer";
  return failure();
}

FailureOr<const ConstTensor *>
Importer::floatConstant(const onnx::NodeProto &node, int index,
                        llvm::StringRef role) {
  FailureOr<const ConstTensor *> c = constant(node, index, role);
  if (succeeded(c) && !(*c)->isFloat) {
    nodeError(node) << role << " '" << (*c)->name
                    << "' holds integers; expected floats";
    return failure();
  }
  return c;
}

FailureOr<const ConstTensor *>
Importer::intConstant(const onnx::NodeProto &node, int index,
                      llvm::StringRef role) {
  FailureOr<const ConstTensor *> c = constant(node, index, role);
  if (succeeded(c) && (*c)->isFloat) {
    nodeError(node) << role << " '" << (*c)->name
                    << "' holds floats; expected integers";
    return failure();
  }
  return c;
}

LogicalResult Importer::checkExtraOutputsUnused(const onnx::NodeProto &node) {
  for (int i = 1; i < node.output_size(); ++i)
    if (!node.output(i).empty() && uses.lookup(node.output(i)) > 0)
      return nodeError(node) << "output #" << i << " ('" << node.output(i)
                             << "') is used; only the first output is "
                                "supported (inference)";
  return success();
}

FailureOr<Importer::LinearOperands>
Importer::linearOperands(const onnx::NodeProto &node) {
  LinearOperands ops;
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  ops.x = *x;
  FailureOr<const ConstTensor *> w = floatConstant(node, 1, "weight");
  if (failed(w))
    return failure();
  ops.weight = *w;
  if (hasInput(node, 2)) {
    FailureOr<const ConstTensor *> bias = floatConstant(node, 2, "bias");
    if (failed(bias))
      return failure();
    ops.bias = *bias;
  }
  return ops;
}

Value Importer::parameter(const ConstTensor &c, llvm::StringRef layout,
                          llvm::ArrayRef<int64_t> shape,
                          const std::vector<float> &values) {
  std::string key = c.name + '\n' + layout.str();
  auto it = parameters.find(key);
  if (it != parameters.end())
    return it->second;
  // The ONNX name unless another layout of the same constant took it.
  std::string base = c.name.empty() ? "constant" : c.name;
  std::string symbol = base;
  if (symbols.contains(symbol) && !layout.empty())
    symbol = base + "." + layout.str();
  for (int n = 1; symbols.contains(symbol); ++n)
    symbol = base + "." + std::to_string(n);
  symbols.insert(symbol);
  Value load = builder->parameter(symbol, std::vector<int64_t>(shape), values);
  parameters[key] = load;
  return load;
}

Value Importer::biasParameter(const ConstTensor &c) {
  if (c.shape.size() == 1)
    return parameter(c);
  int64_t m = product(c.shape);
  return parameter(c, "vector", {m}, c.floats);
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

LogicalResult Importer::importConv(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"auto_pad", "dilations", "group",
                                    "kernel_shape", "pads", "strides"})))
    return failure();
  FailureOr<LinearOperands> operands = linearOperands(node);
  if (failed(operands))
    return failure();
  const ConstTensor *b = operands->bias;
  const std::vector<int64_t> &wShape = operands->weight->shape;
  if (wShape.size() != 4)
    return nodeError(node) << "only 2-D convolutions are supported, found a "
                           << "weight of shape " << ssl::formatShape(wShape);
  std::vector<int64_t> weightKernel{wShape[2], wShape[3]};
  FailureOr<Window> window = windowAttrs(node, &weightKernel);
  FailureOr<int64_t> groups = intAttr(node, "group", 1);
  if (failed(window) || failed(groups))
    return failure();
  // A zero Pad before the convolution is more of its zero padding.
  operands->x = foldPadInto(node, operands->x, window->pads);

  auto emit = [&] { return nodeError(node); };
  ssl::ConvAttrs attrs{window->strides, window->pads, window->dilations,
                       *groups};
  if (failed(
          ssl::inferConv2dType(emit, operands->x.getType(), tensorType(wShape),
                               b ? Type(tensorType(b->shape)) : Type(), attrs)))
    return failure();
  ConvOptions o;
  o.strides = window->strides;
  o.pads = window->pads;
  o.dilations = window->dilations;
  o.groups = *groups;
  Value weight = parameter(*operands->weight);
  Value bias = b ? parameter(*b) : Value();
  define(node, builder->conv2d(operands->x, weight, bias, o));
  return success();
}

LogicalResult Importer::importDense(const onnx::NodeProto &node, Value x,
                                    const ConstTensor &w, bool weightIsKM,
                                    const ConstTensor *bias) {
  llvm::ArrayRef<int64_t> xShape = shapeOf(x);
  if (xShape.size() != 2)
    return nodeError(node) << "expects an input of rank 2 [N, K], found "
                           << ssl::formatShape(xShape) << " (flatten it first)";
  if (w.shape.size() != 2)
    return nodeError(node) << "expects a rank-2 weight, found "
                           << ssl::formatShape(w.shape);
  int64_t k = xShape[1];
  int64_t wk = weightIsKM ? w.shape[0] : w.shape[1];
  int64_t m = weightIsKM ? w.shape[1] : w.shape[0];
  if (wk != k)
    return nodeError(node) << "expects a weight with " << k
                           << " input features for an input of shape "
                           << ssl::formatShape(xShape) << ", found weight "
                           << ssl::formatShape(w.shape)
                           << (weightIsKM ? " [K, M]" : " [M, K]");
  if (bias && !(bias->shape == std::vector<int64_t>{m} ||
                bias->shape == std::vector<int64_t>{1, m}))
    return nodeError(node) << "expects a bias of shape [" << m << "] or [1, "
                           << m << "], found " << ssl::formatShape(bias->shape)
                           << " (other broadcasts are not supported)";
  // ssl.dense takes PyTorch's [M, K] layout, so a [K, M] weight is stored
  // transposed under its ONNX name.
  Value weight =
      weightIsKM ? parameter(w, "transposed", {m, k}, transpose(w.floats, k, m))
                 : parameter(w);
  Value b = bias ? biasParameter(*bias) : Value();
  Value y = builder->dense(x, weight, b);
  if (!bias)
    biasFreeDense[y.getDefiningOp()] = node.output(0);
  define(node, y);
  return success();
}

LogicalResult Importer::importGemm(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"alpha", "beta", "transA", "transB"})))
    return failure();
  FailureOr<float> alpha = floatAttr(node, "alpha", 1.0f);
  FailureOr<float> beta = floatAttr(node, "beta", 1.0f);
  FailureOr<int64_t> transA = intAttr(node, "transA", 0);
  FailureOr<int64_t> transB = intAttr(node, "transB", 0);
  if (failed(alpha) || failed(beta) || failed(transA) || failed(transB))
    return failure();
  if (*alpha != 1.0f)
    return nodeError(node) << "alpha " << ssl::formatFloat(*alpha)
                           << " is not supported (expected 1)";
  if (*beta != 1.0f && hasInput(node, 2))
    return nodeError(node) << "beta " << ssl::formatFloat(*beta)
                           << " is not supported (expected 1)";
  if (*transA != 0)
    return nodeError(node) << "transA " << *transA
                           << " is not supported (expected 0)";
  if (*transB != 0 && *transB != 1)
    return nodeError(node) << "transB " << *transB
                           << " is not a valid value (0 or 1)";
  FailureOr<LinearOperands> operands = linearOperands(node);
  if (failed(operands))
    return failure();
  return importDense(node, operands->x, *operands->weight,
                     /*weightIsKM=*/*transB == 0, operands->bias);
}

LogicalResult Importer::importMatMul(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<LinearOperands> operands = linearOperands(node);
  if (failed(operands))
    return failure();
  return importDense(node, operands->x, *operands->weight,
                     /*weightIsKM=*/true, nullptr);
}

LogicalResult Importer::importAdd(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (!hasInput(node, 0) || !hasInput(node, 1))
    return nodeError(node) << "expects two inputs";
  bool lhsConst = isConstant(node.input(0));
  bool rhsConst = isConstant(node.input(1));
  if (lhsConst && rhsConst)
    return nodeError(node) << "both operands are constants; constant folding "
                              "is not supported";
  if (!lhsConst && !rhsConst) {
    FailureOr<Value> a = activation(node, 0);
    FailureOr<Value> b = activation(node, 1);
    if (failed(a) || failed(b))
      return failure();
    if (a->getType() != b->getType())
      return nodeError(node) << "expects operands of the same shape, found "
                             << ssl::formatShape(shapeOf(*a)) << " and "
                             << ssl::formatShape(shapeOf(*b))
                             << " (broadcasting is not supported)";
    define(node, builder->add(*a, *b));
    return success();
  }

  // activation + constant: the bias of the MatMul (or bias-free Gemm) that
  // produced the activation, as in `x @ W + b` exports.
  int actIndex = lhsConst ? 1 : 0;
  FailureOr<Value> x = activation(node, actIndex);
  if (failed(x))
    return failure();
  FailureOr<const ConstTensor *> c = floatConstant(node, 1 - actIndex, "bias");
  if (failed(c))
    return failure();
  auto dense = x->getDefiningOp<ssl::DenseOp>();
  auto producer = dense ? biasFreeDense.find(dense) : biasFreeDense.end();
  if (producer == biasFreeDense.end() ||
      producer->second != node.input(actIndex) ||
      uses.lookup(node.input(actIndex)) != 1 || !x->use_empty())
    return nodeError(node) << "adding the constant '" << (*c)->name
                           << "' is only supported as the bias of a MatMul "
                              "whose result has no other use";
  int64_t m = shapeOf(*x)[1];
  if (!((*c)->shape == std::vector<int64_t>{m} ||
        (*c)->shape == std::vector<int64_t>{1, m}))
    return nodeError(node) << "expects a bias of shape [" << m << "] or [1, "
                           << m << "] for the MatMul result "
                           << ssl::formatShape(shapeOf(*x)) << ", found "
                           << ssl::formatShape((*c)->shape);
  // The fused op answers for both nodes in later diagnostics.
  builder->setLocation(FusedLoc::get(
      ctx,
      {dense.getLoc(), NameLoc::get(StringAttr::get(ctx, nodeLabel(node)))}));
  Value bias = biasParameter(**c);
  Value fused = builder->dense(dense.getInput(), dense.getWeight(), bias);
  biasFreeDense.erase(producer);
  values.erase(node.input(actIndex));
  dense.erase();
  define(node, fused);
  return success();
}

LogicalResult Importer::importBatchNorm(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"epsilon", "momentum", "training_mode"})))
    return failure();
  FailureOr<float> epsilon = floatAttr(node, "epsilon", 1e-5f);
  FailureOr<float> momentum = floatAttr(node, "momentum", 0.9f);
  FailureOr<bool> training = flagAttr(node, "training_mode");
  if (failed(epsilon) || failed(momentum) || failed(training))
    return failure();
  if (*training)
    return nodeError(node)
           << "training_mode 1 is not supported (inference statistics only)";
  if (failed(checkExtraOutputsUnused(node)))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  const char *roles[] = {"scale", "bias", "mean", "variance"};
  const ConstTensor *params[4];
  SmallVector<std::pair<llvm::StringRef, Type>> types;
  for (int i = 0; i < 4; ++i) {
    FailureOr<const ConstTensor *> p = floatConstant(node, i + 1, roles[i]);
    if (failed(p))
      return failure();
    params[i] = *p;
    types.push_back({roles[i], tensorType((*p)->shape)});
  }
  if (failed(ssl::verifyBatchNormOperands([&] { return nodeError(node); },
                                          x->getType(), types, *epsilon)))
    return failure();
  define(node, builder->batchNorm(*x, parameter(*params[0]),
                                  parameter(*params[1]), parameter(*params[2]),
                                  parameter(*params[3]), *epsilon));
  return success();
}

LogicalResult Importer::importUnary(const onnx::NodeProto &node,
                                    Value (NetworkBuilder::*build)(Value)) {
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  define(node, ((*builder).*build)(*x));
  return success();
}

LogicalResult Importer::importRelu(const onnx::NodeProto &node) {
  return importUnary(node, &NetworkBuilder::relu);
}

FailureOr<float> Importer::clipBound(const onnx::NodeProto &node, int index,
                                     llvm::StringRef role, float dflt) {
  if (!hasInput(node, index))
    return dflt;
  FailureOr<const ConstTensor *> c = floatConstant(node, index, role);
  if (failed(c))
    return failure();
  if ((*c)->floats.size() != 1) {
    nodeError(node) << role << " '" << (*c)->name
                    << "' must be a scalar, found shape "
                    << ssl::formatShape((*c)->shape);
    return failure();
  }
  return (*c)->floats.front();
}

LogicalResult Importer::importClip(const onnx::NodeProto &node) {
  // From opset 11 (the oldest this importer reads) the bounds are optional
  // inputs; ONNX's defaults are the lowest and largest finite floats.
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  FailureOr<float> lo =
      clipBound(node, 1, "min", std::numeric_limits<float>::lowest());
  FailureOr<float> hi =
      clipBound(node, 2, "max", std::numeric_limits<float>::max());
  if (failed(x) || failed(lo) || failed(hi) ||
      failed(ssl::verifyClipBounds([&] { return nodeError(node); }, *lo, *hi)))
    return failure();
  define(node, builder->clip(*x, *lo, *hi));
  return success();
}

LogicalResult Importer::importSigmoid(const onnx::NodeProto &node) {
  return importUnary(node, &NetworkBuilder::sigmoid);
}

LogicalResult Importer::importHardSigmoid(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"alpha", "beta"})))
    return failure();
  FailureOr<float> alpha = floatAttr(node, "alpha", 0.2f);
  FailureOr<float> beta = floatAttr(node, "beta", 0.5f);
  FailureOr<Value> x = activation(node, 0);
  if (failed(alpha) || failed(beta) || failed(x) ||
      failed(ssl::verifyHardSigmoidAttrs([&] { return nodeError(node); },
                                         *alpha, *beta)))
    return failure();
  define(node, builder->hardSigmoid(*x, *alpha, *beta));
  return success();
}

LogicalResult Importer::importHardSwish(const onnx::NodeProto &node) {
  return importUnary(node, &NetworkBuilder::hardSwish);
}

LogicalResult Importer::importMul(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (!hasInput(node, 0) || !hasInput(node, 1))
    return nodeError(node) << "expects two inputs";
  bool lhsConst = isConstant(node.input(0));
  bool rhsConst = isConstant(node.input(1));
  if (lhsConst && rhsConst)
    return nodeError(node) << "both operands are constants; constant folding "
                              "is not supported";
  auto emit = [&] { return nodeError(node); };
  if (!lhsConst && !rhsConst) {
    FailureOr<Value> a = activation(node, 0);
    FailureOr<Value> b = activation(node, 1);
    if (failed(a) || failed(b))
      return failure();
    // ssl.mul broadcasts its second operand; the product commutes exactly,
    // so a broadcast first operand (PyTorch's `scale * input` in
    // squeeze-and-excitation) is swapped.
    if (!ssl::mulBroadcasts(shapeOf(*a), shapeOf(*b)) &&
        ssl::mulBroadcasts(shapeOf(*b), shapeOf(*a)))
      std::swap(*a, *b);
    if (failed(ssl::verifyMulOperands(emit, a->getType(), b->getType())))
      return failure();
    define(node, builder->mul(*a, *b));
    return success();
  }
  // activation · constant: the constant, aligned to the activation's
  // trailing axes as ONNX broadcasting aligns them, becomes a parameter of
  // the activation's rank.
  int actIndex = lhsConst ? 1 : 0;
  FailureOr<Value> x = activation(node, actIndex);
  if (failed(x))
    return failure();
  FailureOr<const ConstTensor *> c =
      floatConstant(node, 1 - actIndex, "factor");
  if (failed(c))
    return failure();
  llvm::ArrayRef<int64_t> xShape = shapeOf(*x);
  const std::vector<int64_t> &cShape = (*c)->shape;
  if (cShape.size() > xShape.size())
    return nodeError(node) << "constant '" << (*c)->name << "' of shape "
                           << ssl::formatShape(cShape)
                           << " has a higher rank than the activation "
                           << ssl::formatShape(xShape);
  std::vector<int64_t> shape(xShape.size() - cShape.size(), 1);
  shape.insert(shape.end(), cShape.begin(), cShape.end());
  if (failed(ssl::verifyMulOperands(emit, x->getType(), tensorType(shape))))
    return failure();
  Value factor = shape == cShape
                     ? parameter(**c)
                     : parameter(**c, "broadcast", shape, (*c)->floats);
  define(node, builder->mul(*x, factor));
  return success();
}

LogicalResult Importer::importReduceMean(const onnx::NodeProto &node) {
  // Axes are an attribute up to opset 17 (the newest this importer reads).
  if (failed(checkAttributes(node, {"axes", "keepdims"})))
    return failure();
  FailureOr<std::vector<int64_t>> axes = intsAttr(node, "axes", {});
  FailureOr<int64_t> keepDims = intAttr(node, "keepdims", 1);
  FailureOr<Value> x = activation(node, 0);
  if (failed(axes) || failed(keepDims) || failed(x))
    return failure();
  if (*keepDims != 0 && *keepDims != 1)
    return nodeError(node) << "keepdims " << *keepDims
                           << " is not a valid value (0 or 1)";
  llvm::ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = static_cast<int64_t>(shape.size());
  std::vector<int64_t> normalized;
  for (int64_t a : *axes)
    normalized.push_back(a < 0 ? a + rank : a);
  llvm::sort(normalized);
  if (rank != 4 || normalized != std::vector<int64_t>{2, 3})
    return nodeError(node) << "reducing axes " << ssl::formatShape(*axes)
                           << " of a tensor of shape "
                           << ssl::formatShape(shape)
                           << " is not supported (only the spatial axes "
                              "[2, 3] of [N, C, H, W])";
  // The mean over H and W is ssl.global_avg_pool ([N, C, 1, 1]); without
  // keepdims the unit axes go with a flatten to [N, C].
  Value pooled = builder->globalAvgPool(*x);
  define(node, *keepDims ? pooled : builder->flatten(pooled));
  return success();
}

LogicalResult Importer::importMaxPool(const onnx::NodeProto &node) {
  return importPool(node, /*average=*/false);
}

LogicalResult Importer::importAveragePool(const onnx::NodeProto &node) {
  return importPool(node, /*average=*/true);
}

LogicalResult Importer::importPool(const onnx::NodeProto &node, bool average) {
  // storage_order only lays out MaxPool's Indices output, which must be
  // unused; AveragePool has dilations only from opset 19.
  if (failed(average
                 ? checkAttributes(node, {"auto_pad", "ceil_mode",
                                          "count_include_pad", "kernel_shape",
                                          "pads", "strides"})
                 : checkAttributes(node, {"auto_pad", "ceil_mode", "dilations",
                                          "kernel_shape", "pads",
                                          "storage_order", "strides"})))
    return failure();
  FailureOr<Window> window = windowAttrs(node, nullptr);
  FailureOr<bool> ceilMode = flagAttr(node, "ceil_mode");
  FailureOr<bool> countIncludePad = flagAttr(node, "count_include_pad");
  FailureOr<bool> storageOrder = flagAttr(node, "storage_order");
  if (failed(window) || failed(ceilMode) || failed(countIncludePad) ||
      failed(storageOrder) || failed(checkExtraOutputsUnused(node)))
    return failure();
  if (window->dilations != std::vector<int64_t>{1, 1})
    return nodeError(node) << "dilations "
                           << ssl::formatShape(window->dilations)
                           << " are not supported for pooling";
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  // PyTorch exports AvgPool2d(count_include_pad=True) as a zero Pad and an
  // unpadded AveragePool: padding that counts in the divisor, which is what
  // the pooling's own count-including padding is. Not in ceil mode, where
  // ssl drops a last window that starts in the padding but the Pad's
  // zeros are data; never for max pooling, whose padding is -inf.
  if (average && !*ceilMode &&
      (*countIncludePad ||
       window->pads == std::vector<int64_t>{0, 0, 0, 0})) {
    std::vector<int64_t> pads = window->pads;
    Value unpadded = foldPadInto(node, *x, pads);
    if (unpadded != *x) {
      *x = unpadded;
      window->pads = pads;
      *countIncludePad = true;
    }
  }
  // In ceil mode ssl pooling drops a last window that would start in the
  // end padding or past the input: the rule of PyTorch (which exported the
  // models this compiler targets) and of ONNX from opset 19. Opsets 11-17
  // keep such a window; the two agree whenever it cannot occur.
  ssl::PoolAttrs attrs{window->kernel, window->strides, window->pads,
                       *ceilMode};
  if (failed(ssl::inferPool2dType([&] { return nodeError(node); }, x->getType(),
                                  attrs)))
    return failure();
  PoolOptions o;
  o.kernel = window->kernel;
  o.strides = window->strides;
  o.pads = window->pads;
  o.ceilMode = *ceilMode;
  o.countIncludePad = *countIncludePad;
  define(node, average ? builder->avgPool2d(*x, o) : builder->maxPool2d(*x, o));
  return success();
}

LogicalResult Importer::importGlobalAveragePool(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x) || failed(ssl::inferGlobalAvgPoolType(
                       [&] { return nodeError(node); }, x->getType())))
    return failure();
  define(node, builder->globalAvgPool(*x));
  return success();
}

LogicalResult Importer::importFlatten(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"axis"})))
    return failure();
  FailureOr<int64_t> axis = intAttr(node, "axis", 1);
  FailureOr<Value> x = activation(node, 0);
  if (failed(axis) || failed(x))
    return failure();
  int64_t rank = static_cast<int64_t>(shapeOf(*x).size());
  int64_t normalized = *axis < 0 ? *axis + rank : *axis;
  if (normalized != 1)
    return nodeError(node) << "axis " << *axis
                           << " is not supported (expected 1) for an input of "
                           << "shape " << ssl::formatShape(shapeOf(*x));
  // A rank-2 input is already [N, K].
  define(node, rank == 2 ? *x : builder->flatten(*x));
  return success();
}

LogicalResult Importer::importReshape(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"allowzero"})))
    return failure();
  FailureOr<bool> allowZero = flagAttr(node, "allowzero");
  if (failed(allowZero))
    return failure();
  // The Reshape that closes a channel shuffle.
  if (hasInput(node, 0) && partialShuffles.count(node.input(0))) {
    PartialShuffle partial = partialShuffles.lookup(node.input(0));
    FailureOr<const ConstTensor *> target = intConstant(node, 1, "shape");
    if (failed(target))
      return failure();
    llvm::ArrayRef<int64_t> in = shapeOf(partial.input);
    std::vector<int64_t> out = (*target)->ints;
    int64_t total = product(in), known = 1;
    // What the Reshape reads is the transposed [N, C/g, g, H, W].
    std::vector<int64_t> transposed{in[0], in[1] / partial.groups,
                                    partial.groups, in[2], in[3]};
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i] == 0 && !*allowZero && i < transposed.size())
        out[i] = transposed[i];
      if (out[i] != -1)
        known *= out[i];
    }
    for (int64_t &d : out)
      if (d == -1 && known > 0)
        d = total / known;
    if (!partial.transposed || out != std::vector<int64_t>(in))
      return nodeError(node)
             << "reshaping the result of " << partial.producer << " to "
             << ssl::formatShape((*target)->ints)
             << " is not supported (a channel shuffle reshapes [N, g, C/g, H, "
                "W], transposes it with perm [0, 2, 1, 3, 4] and reshapes it "
                "back to "
             << ssl::formatShape(in) << ")";
    define(node, builder->channelShuffle(partial.input, partial.groups));
    return success();
  }
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  FailureOr<const ConstTensor *> target = intConstant(node, 1, "shape");
  if (failed(target))
    return failure();
  llvm::ArrayRef<int64_t> in = shapeOf(*x);
  std::vector<int64_t> out = (*target)->ints;
  // ONNX rules: 0 copies the input size (unless allowzero), one -1 is
  // inferred from the element count.
  int inferred = -1;
  bool valid = true;
  int64_t known = 1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0 && !*allowZero) {
      valid &= i < in.size();
      out[i] = i < in.size() ? in[i] : 0;
    }
    if (out[i] == -1) {
      valid &= inferred < 0;
      inferred = static_cast<int>(i);
    } else {
      valid &= out[i] >= 0;
      known *= out[i];
    }
  }
  int64_t total = product(in);
  if (valid && inferred >= 0) {
    valid = known > 0 && total % known == 0;
    if (valid)
      out[inferred] = total / known;
  }
  // The Reshape that opens a channel shuffle: [N, C, H, W] to
  // [N, g, C/g, H, W].
  if (valid && in.size() == 4 && out.size() == 5 && out[0] == in[0] &&
      out[1] >= 1 && out[1] * out[2] == in[1] && out[3] == in[2] &&
      out[4] == in[3]) {
    partialShuffles[node.output(0)] = {*x, out[1], false, nodeLabel(node)};
    return success();
  }
  std::vector<int64_t> flat{in[0], total / std::max<int64_t>(in[0], 1)};
  if (!valid || in.size() < 2 || out != flat)
    return nodeError(node) << "reshaping " << ssl::formatShape(in) << " to "
                           << ssl::formatShape((*target)->ints)
                           << " is not supported (only flattening [N, ...] "
                              "to [N, K])";
  define(node, in.size() == 2 ? *x : builder->flatten(*x));
  return success();
}

LogicalResult Importer::importSoftmax(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"axis"})))
    return failure();
  // The default axis moved from 1 to -1 in opset 13; both are the last axis
  // of the [N, K] inputs ssl.softmax takes.
  FailureOr<int64_t> axis = intAttr(node, "axis", opset < 13 ? 1 : -1);
  FailureOr<Value> x = activation(node, 0);
  if (failed(axis) || failed(x))
    return failure();
  llvm::ArrayRef<int64_t> shape = shapeOf(*x);
  if (shape.size() != 2)
    return nodeError(node) << "expects an input of rank 2 [N, K], found "
                           << ssl::formatShape(shape);
  if (*axis != 1 && *axis != -1)
    return nodeError(node) << "axis " << *axis
                           << " is not supported (expected the last axis)";
  define(node, builder->softmax(*x));
  return success();
}

LogicalResult Importer::importDropout(const onnx::NodeProto &node) {
  // Opset 11 has the ratio attribute, 12 and later a ratio input and seed.
  if (failed(checkAttributes(node, {"ratio", "seed"})))
    return failure();
  if (hasInput(node, 2)) {
    FailureOr<const ConstTensor *> mode = intConstant(node, 2, "training_mode");
    if (failed(mode))
      return failure();
    if (llvm::any_of((*mode)->ints, [](int64_t v) { return v != 0; }))
      return nodeError(node) << "training_mode true is not supported "
                                "(inference only)";
  }
  if (failed(checkExtraOutputsUnused(node)))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  define(node, *x);
  return success();
}

LogicalResult Importer::importIdentity(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (hasInput(node, 0) && isConstant(node.input(0))) {
    // Keeps the source's name, so the parameter is shared.
    defineConstant(node, constants[node.input(0)]);
    return success();
  }
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  define(node, *x);
  return success();
}

LogicalResult Importer::importConstant(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"value", "value_float", "value_floats",
                                    "value_int", "value_ints"})))
    return failure();
  if (node.attribute_size() != 1)
    return nodeError(node) << "expects exactly one value attribute, found "
                           << node.attribute_size();
  const onnx::AttributeProto &a = node.attribute(0);
  ConstTensor c;
  c.name = node.output(0);
  if (a.name() == "value") {
    std::string why;
    if (!decodeTensor(a.t(), c.name, c, why))
      return nodeError(node) << "value " << why;
  } else if (a.name() == "value_float") {
    c.isFloat = true;
    c.floats = {a.f()};
  } else if (a.name() == "value_floats") {
    c.isFloat = true;
    c.floats.assign(a.floats().begin(), a.floats().end());
    c.shape = {static_cast<int64_t>(c.floats.size())};
  } else if (a.name() == "value_int") {
    c.ints = {a.i()};
  } else {
    c.ints.assign(a.ints().begin(), a.ints().end());
    c.shape = {static_cast<int64_t>(c.ints.size())};
  }
  defineConstant(node, std::move(c));
  return success();
}

// Shape, Gather, Unsqueeze and integer Concat evaluate the shape arithmetic
// of `x.view(x.size(0), -1)` exported with a dynamic batch; the batch is
// fixed at import, so the result is a constant.

LogicalResult Importer::importShape(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"start", "end"})))
    return failure();
  std::vector<int64_t> dims;
  if (hasInput(node, 0) && isConstant(node.input(0))) {
    dims = constants[node.input(0)].shape;
  } else {
    FailureOr<Value> x = activation(node, 0);
    if (failed(x))
      return failure();
    dims.assign(shapeOf(*x).begin(), shapeOf(*x).end());
  }
  int64_t rank = static_cast<int64_t>(dims.size());
  FailureOr<int64_t> start = intAttr(node, "start", 0);
  FailureOr<int64_t> end = intAttr(node, "end", rank);
  if (failed(start) || failed(end))
    return failure();
  auto clampAxis = [&](int64_t a) {
    return std::clamp<int64_t>(a < 0 ? a + rank : a, 0, rank);
  };
  int64_t from = clampAxis(*start), to = std::max(from, clampAxis(*end));
  ConstTensor c;
  c.name = node.output(0);
  c.ints.assign(dims.begin() + from, dims.begin() + to);
  c.shape = {to - from};
  defineConstant(node, std::move(c));
  return success();
}

LogicalResult Importer::importGather(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"axis"})))
    return failure();
  FailureOr<int64_t> axis = intAttr(node, "axis", 0);
  if (failed(axis))
    return failure();
  FailureOr<const ConstTensor *> data = intConstant(node, 0, "data");
  FailureOr<const ConstTensor *> indices = intConstant(node, 1, "indices");
  if (failed(data) || failed(indices))
    return failure();
  if ((*data)->shape.size() != 1 || (*axis != 0 && *axis != -1) ||
      (*indices)->shape.size() > 1)
    return nodeError(node) << "only gathering from a rank-1 integer constant "
                              "with scalar or rank-1 indices is supported";
  int64_t n = (*data)->shape[0];
  ConstTensor c;
  c.name = node.output(0);
  c.shape = (*indices)->shape;
  for (int64_t index : (*indices)->ints) {
    int64_t i = index < 0 ? index + n : index;
    if (i < 0 || i >= n)
      return nodeError(node) << "index " << index << " is out of range for "
                             << n << " elements";
    c.ints.push_back((*data)->ints[i]);
  }
  defineConstant(node, std::move(c));
  return success();
}

LogicalResult Importer::importUnsqueeze(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"axes"})))
    return failure();
  if (hasInput(node, 0) && !isConstant(node.input(0)))
    return nodeError(node) << "unsqueezing a computed tensor is not supported "
                              "(only constant shape arithmetic)";
  FailureOr<const ConstTensor *> data = constant(node, 0, "data");
  if (failed(data))
    return failure();
  // Axes are an attribute before opset 13 and an input from then on.
  std::vector<int64_t> axes;
  if (opset < 13) {
    FailureOr<std::vector<int64_t>> attr = intsAttr(node, "axes", {});
    if (failed(attr))
      return failure();
    axes = *attr;
  } else {
    FailureOr<const ConstTensor *> input = intConstant(node, 1, "axes");
    if (failed(input))
      return failure();
    axes = (*input)->ints;
  }
  ConstTensor c = **data;
  c.name = node.output(0);
  int64_t rank = static_cast<int64_t>(c.shape.size() + axes.size());
  std::vector<bool> unit(rank, false);
  for (int64_t a : axes) {
    int64_t i = a < 0 ? a + rank : a;
    if (i < 0 || i >= rank || unit[i])
      return nodeError(node) << "axes " << ssl::formatShape(axes)
                             << " are invalid for an output of rank " << rank;
    unit[i] = true;
  }
  std::vector<int64_t> shape;
  auto next = c.shape.begin();
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(unit[i] ? 1 : *next++);
  c.shape = shape;
  defineConstant(node, std::move(c));
  return success();
}

LogicalResult Importer::importConcat(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"axis"})))
    return failure();
  FailureOr<int64_t> axis = intAttr(node, "axis", 0);
  if (failed(axis))
    return failure();
  if (node.input_size() == 0)
    return nodeError(node) << "expects at least one input";
  bool allConstant = llvm::all_of(
      node.input(), [&](const std::string &in) { return isConstant(in); });
  if (allConstant) {
    ConstTensor c;
    c.name = node.output(0);
    for (int i = 0; i < node.input_size(); ++i) {
      FailureOr<const ConstTensor *> part = intConstant(node, i, "input");
      if (failed(part))
        return failure();
      if ((*part)->shape.size() != 1 || (*axis != 0 && *axis != -1))
        return nodeError(node) << "only concatenating rank-1 integer "
                                  "constants is supported";
      c.ints.insert(c.ints.end(), (*part)->ints.begin(), (*part)->ints.end());
    }
    c.shape = {static_cast<int64_t>(c.ints.size())};
    defineConstant(node, std::move(c));
    return success();
  }
  SmallVector<Value> inputs;
  for (int i = 0; i < node.input_size(); ++i) {
    FailureOr<Value> x = activation(node, i);
    if (failed(x))
      return failure();
    inputs.push_back(*x);
  }
  int64_t rank = static_cast<int64_t>(shapeOf(inputs.front()).size());
  int64_t normalized = *axis < 0 ? *axis + rank : *axis;
  if (failed(ssl::inferConcatType([&] { return nodeError(node); },
                                  TypeRange(ValueRange(inputs)), normalized)))
    return failure();
  define(node, builder->concat(inputs, normalized));
  return success();
}

Value Importer::foldPadInto(const onnx::NodeProto &node, Value x,
                            std::vector<int64_t> &pads) {
  auto pad = x.getDefiningOp<ssl::PadOp>();
  if (!pad || !x.use_empty() || uses.lookup(node.input(0)) != 1)
    return x;
  for (auto [mine, theirs] : llvm::zip(pads, pad.getPads()))
    mine += theirs;
  Value input = pad.getInput();
  values.erase(node.input(0));
  pad->erase();
  return input;
}

Value Importer::channelRange(Value x, int64_t begin, int64_t end) {
  if (begin == 0 && end == shapeOf(x)[1])
    return x;
  return builder->slice(x, begin, end);
}

LogicalResult Importer::importPad(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"mode"})))
    return failure();
  FailureOr<std::string> mode = stringAttr(node, "mode", "constant");
  FailureOr<Value> x = activation(node, 0);
  if (failed(mode) || failed(x))
    return failure();
  if (*mode != "constant")
    return nodeError(node) << "mode '" << *mode
                           << "' is not supported (only constant)";
  FailureOr<const ConstTensor *> pads = intConstant(node, 1, "pads");
  if (failed(pads))
    return failure();
  if (hasInput(node, 2)) {
    FailureOr<const ConstTensor *> value =
        floatConstant(node, 2, "constant_value");
    if (failed(value))
      return failure();
    if (llvm::any_of((*value)->floats, [](float v) { return v != 0.0f; }))
      return nodeError(node) << "padding with a value other than 0 is not "
                                "supported";
  }
  llvm::ArrayRef<int64_t> shape = shapeOf(*x);
  const std::vector<int64_t> &p = (*pads)->ints;
  // ONNX orders pads (x1_begin, ..., xn_begin, x1_end, ..., xn_end).
  if (shape.size() != 4 || p.size() != 8 || p[0] != 0 || p[1] != 0 ||
      p[4] != 0 || p[5] != 0 || llvm::any_of(p, [](int64_t v) { return v < 0; }))
    return nodeError(node) << "pads " << ssl::formatShape(p)
                           << " of a tensor of shape " << ssl::formatShape(shape)
                           << " are not supported (only padding H and W of "
                              "[N, C, H, W] by amounts >= 0)";
  std::vector<int64_t> spatial{p[2], p[3], p[6], p[7]};
  if (llvm::all_of(spatial, [](int64_t v) { return v == 0; })) {
    define(node, *x);
    return success();
  }
  if (failed(ssl::inferPadType([&] { return nodeError(node); }, x->getType(),
                               spatial)))
    return failure();
  define(node, builder->pad(*x, spatial));
  return success();
}

LogicalResult Importer::importSlice(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  FailureOr<Value> x = activation(node, 0);
  if (failed(x))
    return failure();
  FailureOr<const ConstTensor *> starts = intConstant(node, 1, "starts");
  FailureOr<const ConstTensor *> ends = intConstant(node, 2, "ends");
  if (failed(starts) || failed(ends))
    return failure();
  llvm::ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = static_cast<int64_t>(shape.size());
  std::vector<int64_t> axes;
  for (size_t i = 0; i < (*starts)->ints.size(); ++i)
    axes.push_back(static_cast<int64_t>(i));
  if (hasInput(node, 3)) {
    FailureOr<const ConstTensor *> a = intConstant(node, 3, "axes");
    if (failed(a))
      return failure();
    axes = (*a)->ints;
  }
  std::vector<int64_t> steps(axes.size(), 1);
  if (hasInput(node, 4)) {
    FailureOr<const ConstTensor *> st = intConstant(node, 4, "steps");
    if (failed(st))
      return failure();
    steps = (*st)->ints;
  }
  if ((*starts)->ints.size() != axes.size() ||
      (*ends)->ints.size() != axes.size() || steps.size() != axes.size())
    return nodeError(node) << "expects as many starts, ends, axes and steps";
  // Every sliced axis but the channels must be kept whole.
  int64_t begin = 0, end = rank > 1 ? shape[1] : 0;
  for (size_t i = 0; i < axes.size(); ++i) {
    int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank)
      return nodeError(node) << "axis " << axes[i] << " is out of range for "
                             << "a tensor of rank " << rank;
    int64_t dim = shape[axis];
    // ONNX clamps starts and ends (INT64_MAX means "to the end").
    auto clampIndex = [&](int64_t v) {
      return std::clamp<int64_t>(v < 0 ? v + dim : v, 0, dim);
    };
    int64_t b = clampIndex((*starts)->ints[i]);
    int64_t e = clampIndex((*ends)->ints[i]);
    if (steps[i] != 1 || (axis != 1 && (b != 0 || e != dim)))
      return nodeError(node) << "slicing axis " << axes[i] << " ["
                             << (*starts)->ints[i] << ", " << (*ends)->ints[i]
                             << ") with step " << steps[i] << " of "
                             << ssl::formatShape(shape)
                             << " is not supported (only a channel range on "
                                "axis 1 with step 1)";
    if (axis == 1) {
      begin = b;
      end = e;
    }
  }
  if (failed(ssl::inferSliceType([&] { return nodeError(node); },
                                 x->getType(), begin, end)))
    return failure();
  define(node, channelRange(*x, begin, end));
  return success();
}

LogicalResult Importer::importSplit(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"axis", "split"})))
    return failure();
  FailureOr<int64_t> axis = intAttr(node, "axis", 0);
  FailureOr<Value> x = activation(node, 0);
  if (failed(axis) || failed(x))
    return failure();
  llvm::ArrayRef<int64_t> shape = shapeOf(*x);
  int64_t rank = static_cast<int64_t>(shape.size());
  if ((*axis < 0 ? *axis + rank : *axis) != 1 || rank < 2)
    return nodeError(node) << "splitting axis " << *axis << " of "
                           << ssl::formatShape(shape)
                           << " is not supported (only the channels, axis 1)";
  // Sizes are an attribute before opset 13 and an input from then on;
  // without them the channels are split evenly.
  std::vector<int64_t> sizes;
  if (opset < 13) {
    FailureOr<std::vector<int64_t>> attr = intsAttr(node, "split", {});
    if (failed(attr))
      return failure();
    sizes = *attr;
  } else if (hasInput(node, 1)) {
    FailureOr<const ConstTensor *> split = intConstant(node, 1, "split");
    if (failed(split))
      return failure();
    sizes = (*split)->ints;
  }
  int64_t parts = node.output_size(), channels = shape[1];
  if (sizes.empty()) {
    if (channels % parts != 0)
      return nodeError(node) << channels << " channels do not split evenly "
                             << "into " << parts << " outputs";
    sizes.assign(parts, channels / parts);
  }
  int64_t sum = 0;
  for (int64_t size : sizes)
    sum += size;
  if (static_cast<int64_t>(sizes.size()) != parts || sum != channels ||
      llvm::any_of(sizes, [](int64_t v) { return v < 1; }))
    return nodeError(node) << "split sizes " << ssl::formatShape(sizes)
                           << " do not divide " << channels << " channels into "
                           << parts << " outputs";
  int64_t begin = 0;
  for (int i = 0; i < node.output_size(); ++i) {
    if (!node.output(i).empty())
      values[node.output(i)] = channelRange(*x, begin, begin + sizes[i]);
    begin += sizes[i];
  }
  return success();
}

LogicalResult Importer::importTranspose(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"perm"})))
    return failure();
  FailureOr<std::vector<int64_t>> perm = intsAttr(node, "perm", {});
  if (failed(perm))
    return failure();
  auto partial = hasInput(node, 0) ? partialShuffles.find(node.input(0))
                                   : partialShuffles.end();
  if (partial == partialShuffles.end() || partial->second.transposed ||
      *perm != std::vector<int64_t>{0, 2, 1, 3, 4})
    return nodeError(node)
           << "transposing with perm " << ssl::formatShape(*perm)
           << " is supported only inside a channel shuffle (Reshape [N, g, "
              "C/g, H, W], Transpose perm [0, 2, 1, 3, 4], Reshape [N, C, H, "
              "W])";
  PartialShuffle next = partial->second;
  next.transposed = true;
  next.producer = nodeLabel(node);
  partialShuffles[node.output(0)] = next;
  return success();
}

LogicalResult Importer::importCast(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {"to"})))
    return failure();
  FailureOr<int64_t> to = intAttr(node, "to", 0);
  if (failed(to))
    return failure();
  // Only the shape arithmetic of a dynamic-batch export: integer constants
  // to integers (the batch is fixed at import, so the values are known).
  if (!hasInput(node, 0) || !isConstant(node.input(0)) ||
      constants[node.input(0)].isFloat ||
      (*to != onnx::TensorProto::INT64 && *to != onnx::TensorProto::INT32))
    return nodeError(node) << "only casting integer constants to INT64 or "
                              "INT32 is supported";
  ConstTensor c = constants[node.input(0)];
  c.name = node.output(0);
  defineConstant(node, std::move(c));
  return success();
}

LogicalResult Importer::importIntegerArithmetic(const onnx::NodeProto &node) {
  if (failed(checkAttributes(node, {})))
    return failure();
  if (node.input_size() != 2 || !isConstant(node.input(0)) ||
      !isConstant(node.input(1)))
    return nodeError(node) << "only integer shape arithmetic on constants is "
                              "supported";
  FailureOr<const ConstTensor *> a = intConstant(node, 0, "operand");
  FailureOr<const ConstTensor *> b = intConstant(node, 1, "operand");
  if (failed(a) || failed(b))
    return failure();
  const ConstTensor &lhs = **a, &rhs = **b;
  size_t n = std::max(lhs.ints.size(), rhs.ints.size());
  if ((lhs.ints.size() != n && lhs.ints.size() != 1) ||
      (rhs.ints.size() != n && rhs.ints.size() != 1))
    return nodeError(node) << "operands of shapes "
                           << ssl::formatShape(lhs.shape) << " and "
                           << ssl::formatShape(rhs.shape)
                           << " do not broadcast (only equal sizes or a "
                              "single value)";
  ConstTensor c;
  c.name = node.output(0);
  c.shape = lhs.ints.size() == n ? lhs.shape : rhs.shape;
  const std::string &op = node.op_type();
  for (size_t i = 0; i < n; ++i) {
    int64_t x = lhs.ints[lhs.ints.size() == 1 ? 0 : i];
    int64_t y = rhs.ints[rhs.ints.size() == 1 ? 0 : i];
    if (op == "Div" && y == 0)
      return nodeError(node) << "divides by zero";
    // ONNX integer division truncates, as C++ does.
    c.ints.push_back(op == "Add"   ? x + y
                     : op == "Sub" ? x - y
                     : op == "Mul" ? x * y
                                   : x / y);
  }
  defineConstant(node, std::move(c));
  return success();
}

} // namespace

OwningOpRef<ModuleOp> importOnnxModel(MLIRContext *ctx, llvm::StringRef bytes,
                                      const std::string &source,
                                      const OnnxImportOptions &options) {
  onnx::ModelProto model;
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    emitError(UnknownLoc::get(ctx))
        << source << ": not a valid ONNX model (protobuf parse error)";
    return nullptr;
  }
  return Importer(ctx, source, options).import(model);
}

OwningOpRef<ModuleOp> importOnnxFile(MLIRContext *ctx, const std::string &path,
                                     const OnnxImportOptions &options) {
  if (!llvm::sys::fs::exists(path)) {
    emitError(UnknownLoc::get(ctx)) << path << ": no such file";
    return nullptr;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(UnknownLoc::get(ctx))
        << path << ": cannot read (" << buffer.getError().message() << ")";
    return nullptr;
  }
  return importOnnxModel(ctx, (*buffer)->getBuffer(), path, options);
}

} // namespace sslc
