//===- OnnxImporter.cpp - ONNX models as Model IR -------------------------===//
//
// One walk over the (topologically sorted) nodes. Constant tensors —
// initializers, Constant outputs and the shape arithmetic PyTorch emits for
// a dynamic batch — are kept apart from activations and become parameters
// only where an op takes them as weights. Whatever the ssl ops cannot express
// exactly is rejected with the node's name instead of being approximated.
//
// This file holds the walk, the node dispatch, attributes, operands and
// parameters; the op handlers are in OnnxLayerOps.cpp, OnnxShapeOps.cpp and
// OnnxChannelsLast.cpp, tensor decoding in OnnxTensors.cpp.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporter.h"
#include "frontends/OnnxImporterInternal.h"
#include "frontends/OnnxValidate.h"
#include "runtime/FileUtil.h"

#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <climits>

using namespace mlir;

namespace sslc {
namespace onnx_import {

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
  if (failed(validateOnnxGraph(ctx, model, source)))
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
    if (auto norm = partialNorms.find(out.name());
        norm != partialNorms.end() &&
        norm->second.step >= PartialNorm::Normalized)
      finishLayerNorm(out.name(), out.name());
    if (isChannelsLast(out.name())) {
      error() << "output '" << out.name()
              << "' is channels-last (Transpose perm [0, 2, 3, 1]); expected "
                 "[N, C, H, W] (transpose it back with perm [0, 3, 1, 2])";
      return nullptr;
    }
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
          .Case("Div", &Importer::importDiv)
          .Case("Sub", &Importer::importSub)
          .Case("Pow", &Importer::importPow)
          .Case("Sqrt", &Importer::importSqrt)
          .Case("Erf", &Importer::importErf)
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

FailureOr<Value> Importer::activation(const onnx::NodeProto &node, int index,
                                     bool channelsLastOk) {
  if (!hasInput(node, index)) {
    nodeError(node) << "expects input #" << index;
    return failure();
  }
  const std::string &name = node.input(index);
  if (auto norm = partialNorms.find(name); norm != partialNorms.end()) {
    if (norm->second.step >= PartialNorm::Normalized) {
      // Any other reader of a finished normalization takes it as it is.
      finishLayerNorm(name, name);
      return activation(node, index, channelsLastOk);
    }
    nodeError(node) << "input '" << name << "' is the result of "
                    << norm->second.producer
                    << ", which is supported only inside a layer norm over "
                       "the channels (ReduceMean, Sub, Pow 2, ReduceMean, "
                       "Add epsilon, Sqrt, Div)";
    return failure();
  }
  if (auto gelu = partialGelus.find(name); gelu != partialGelus.end()) {
    nodeError(node) << "input '" << name << "' is the result of "
                    << gelu->second.producer
                    << ", which is supported only inside a GELU (Div by "
                       "sqrt(2), Erf, Add 1, Mul by the input, Mul by 0.5)";
    return failure();
  }
  auto it = values.find(name);
  if (it != values.end()) {
    if (!channelsLastOk && isChannelsLast(name)) {
      nodeError(node) << "input '" << name
                      << "' is a channels-last view (Transpose perm [0, 2, "
                         "3, 1]) of "
                      << ssl::formatShape(shapeOf(it->second))
                      << "; it is supported only through a layer norm over "
                         "the channels, a MatMul by a constant [C, K] (and "
                         "its bias), elementwise activations and the "
                         "Transpose perm [0, 3, 1, 2] back";
      return failure();
    }
    return it->second;
  }
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

} // namespace onnx_import

using onnx_import::Importer;


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
  // The size-checked reader: directories and devices are refused, and so
  // is a file over the memory ceiling, before anything is allocated.
  std::string bytes, error;
  if (!readFileBytes(path, bytes, error)) {
    emitError(UnknownLoc::get(ctx)) << error;
    return nullptr;
  }
  return importOnnxModel(ctx, bytes, path, options);
}

} // namespace sslc
