//===- OnnxValidate.cpp - ONNX graph checks before import -----------------===//
#include "frontends/OnnxValidate.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringMap.h"

#include <onnx/onnx_pb.h>

using namespace mlir;

namespace sslc {
namespace {

/// Where a value was defined, for "already defined by ..." messages.
struct Definition {
  std::string what;
};

std::string nodeLabel(const onnx::NodeProto &node, int index) {
  std::string name = node.name().empty() ? "#" + std::to_string(index)
                                         : "'" + node.name() + "'";
  return "node " + name + " (" + node.op_type() + ")";
}

bool isWindowAttribute(const std::string &name) {
  return name == "pads" || name == "strides" || name == "dilations" ||
         name == "kernel_shape" || name == "output_padding" ||
         name == "output_shape";
}

/// The int64 values of `t` (from int64_data or raw little-endian bytes);
/// empty for other element types.
std::vector<int64_t> int64Values(const onnx::TensorProto &t) {
  std::vector<int64_t> values;
  if (t.data_type() != onnx::TensorProto::INT64)
    return values;
  if (t.has_raw_data()) {
    const std::string &raw = t.raw_data();
    for (size_t i = 0; i + 8 <= raw.size(); i += 8) {
      uint64_t v = 0;
      for (int b = 0; b < 8; ++b)
        v |= uint64_t(static_cast<unsigned char>(raw[i + b])) << (8 * b);
      values.push_back(static_cast<int64_t>(v));
    }
    return values;
  }
  values.assign(t.int64_data().begin(), t.int64_data().end());
  return values;
}

} // namespace

LogicalResult validateOnnxGraph(MLIRContext *ctx, const onnx::ModelProto &model,
                                const std::string &source) {
  auto error = [&]() -> InFlightDiagnostic {
    InFlightDiagnostic diag = emitError(UnknownLoc::get(ctx));
    diag << source << ": ";
    return diag;
  };
  const onnx::GraphProto &graph = model.graph();
  for (auto [count, what] :
       {std::pair<int, const char *>{graph.node_size(), "nodes"},
        {graph.initializer_size(), "initializers"},
        {graph.input_size(), "graph inputs"},
        {graph.output_size(), "graph outputs"}})
    if (count > kMaxOnnxGraphEntries)
      return error() << "has " << count << " " << what << " (at most "
                     << kMaxOnnxGraphEntries << " are supported)";

  llvm::StringMap<Definition> defined;
  // Constant int64 tensors by name, for the amounts a Pad reads.
  llvm::StringMap<const onnx::TensorProto *> intConstants;
  for (const onnx::TensorProto &t : graph.initializer()) {
    intConstants[t.name()] = &t;
    if (t.name().empty())
      return error() << "has an initializer without a name";
    if (!defined.try_emplace(t.name(), Definition{"an initializer"}).second)
      return error() << "defines initializer '" << t.name() << "' twice";
  }
  // Before IR version 4 initializers were listed among the inputs too, so
  // an input may repeat an initializer's name, but not another input's.
  llvm::StringMap<bool> inputs;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (in.name().empty())
      return error() << "has a graph input without a name";
    if (!inputs.try_emplace(in.name(), true).second)
      return error() << "lists graph input '" << in.name() << "' twice";
    defined.try_emplace(in.name(), Definition{"the graph input"});
  }

  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    for (const std::string &in : node.input())
      if (!in.empty() && !defined.count(in))
        return error() << nodeLabel(node, i) << ": input '" << in
                       << "' is not defined before the node (expected a "
                          "graph input, an initializer or the output of an "
                          "earlier node)";
    // Padding amounts enter output sizes, where int64 overflow would wrap.
    if (node.op_type() == "Pad" && node.input_size() > 1)
      if (auto it = intConstants.find(node.input(1)); it != intConstants.end())
        for (int64_t v : int64Values(*it->second))
          if (v < -kMaxOnnxWindowValue || v > kMaxOnnxWindowValue)
            return error() << nodeLabel(node, i) << ": pads input '"
                           << node.input(1) << "' holds " << v
                           << ", expected amounts in [-" << kMaxOnnxWindowValue
                           << ", " << kMaxOnnxWindowValue << "]";
    if (node.op_type() == "Constant" && node.output_size() > 0)
      for (const onnx::AttributeProto &a : node.attribute())
        if (a.name() == "value" && a.has_t())
          intConstants[node.output(0)] = &a.t();
    for (const onnx::AttributeProto &a : node.attribute()) {
      if (!isWindowAttribute(a.name()))
        continue;
      for (int64_t v : a.ints())
        if (v < 0 || v > kMaxOnnxWindowValue)
          return error() << nodeLabel(node, i) << ": attribute '" << a.name()
                         << "' holds " << v << ", expected a value in [0, "
                         << kMaxOnnxWindowValue << "]";
    }
    for (const std::string &out : node.output()) {
      if (out.empty())
        continue;
      auto [it, inserted] =
          defined.try_emplace(out, Definition{nodeLabel(node, i)});
      if (!inserted)
        return error() << nodeLabel(node, i) << ": output '" << out
                       << "' is already defined by " << it->second.what
                       << " (ONNX values are assigned once)";
    }
  }
  return success();
}

} // namespace sslc
