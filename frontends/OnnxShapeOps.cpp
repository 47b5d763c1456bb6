//===- OnnxShapeOps.cpp - shapes, constants, channel ranges ----------------===//
//
// Flatten, Reshape, Softmax, Dropout, Identity, Constant, the shape
// arithmetic of dynamic-batch exports, Concat, Pad, Slice, Split,
// Transpose and Cast.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporterInternal.h"

#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTypeInference.h"

#include "llvm/ADT/STLExtras.h"

#include <climits>
#include <limits>

using namespace mlir;

namespace sslc::onnx_import {

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
      // A product past 64 bits infers nothing; the shapes then differ.
      if (out[i] != -1 && __builtin_mul_overflow(known, out[i], &known))
        known = 0;
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
      // Shape values come from the file: a product past 64 bits is an
      // unsupported shape, not a wrapped one.
      valid &= out[i] >= 0 && !__builtin_mul_overflow(known, out[i], &known);
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
  int64_t channels;
  if (valid && in.size() == 4 && out.size() == 5 && out[0] == in[0] &&
      out[1] >= 1 && !__builtin_mul_overflow(out[1], out[2], &channels) &&
      channels == in[1] && out[3] == in[2] && out[4] == in[3]) {
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
  if (hasInput(node, 0) && isConstant(node.input(0))) {
    // A constant (a Linear weight exported as W^T) is transposed here.
    ConstTensor src = constants[node.input(0)];
    size_t rank = src.shape.size();
    std::vector<int64_t> p = *perm;
    if (p.empty())
      for (size_t i = 0; i < rank; ++i)
        p.push_back(static_cast<int64_t>(rank - 1 - i));
    std::vector<int64_t> sorted = p;
    llvm::sort(sorted);
    for (size_t i = 0; i < sorted.size(); ++i)
      if (sorted.size() != rank || sorted[i] != static_cast<int64_t>(i))
        return nodeError(node) << "perm " << ssl::formatShape(p)
                               << " is not a permutation of the axes of "
                               << ssl::formatShape(src.shape);
    ConstTensor out;
    out.name = node.output(0);
    out.isFloat = src.isFloat;
    for (int64_t a : p)
      out.shape.push_back(src.shape[a]);
    // Row-major strides of the source, read in the permuted order.
    std::vector<int64_t> stride(rank, 1);
    for (size_t d = rank; d-- > 1;)
      stride[d - 1] = stride[d] * src.shape[d];
    int64_t count = product(out.shape);
    std::vector<int64_t> index(rank, 0);
    if (src.isFloat)
      out.floats.resize(count);
    else
      out.ints.resize(count);
    for (int64_t i = 0; i < count; ++i) {
      int64_t from = 0;
      for (size_t d = 0; d < rank; ++d)
        from += index[d] * stride[p[d]];
      if (src.isFloat)
        out.floats[i] = src.floats[from];
      else
        out.ints[i] = src.ints[from];
      for (size_t d = rank; d-- > 0;) {
        if (++index[d] < out.shape[d])
          break;
        index[d] = 0;
      }
    }
    if (p == std::vector<int64_t>{1, 0})
      transposedFrom[node.output(0)] = src.name;
    defineConstant(node, std::move(out));
    return success();
  }
  if (hasInput(node, 0))
    if (auto norm = partialNorms.find(node.input(0));
        norm != partialNorms.end() &&
        norm->second.step >= PartialNorm::Normalized)
      finishLayerNorm(node.input(0), node.input(0));
  if (hasInput(node, 0) && values.count(node.input(0))) {
    // Channels-last sections (ConvNeXt's blocks and layer norms): the
    // tensor stays [N, C, H, W] and the ONNX name records the view.
    bool cl = isChannelsLast(node.input(0));
    Value x = values[node.input(0)];
    if (shapeOf(x).size() == 4 && !cl &&
        *perm == std::vector<int64_t>{0, 2, 3, 1}) {
      defineLaidOut(node, x, /*cl=*/true);
      return success();
    }
    if (cl && *perm == std::vector<int64_t>{0, 3, 1, 2}) {
      defineLaidOut(node, x, /*cl=*/false);
      return success();
    }
  }
  auto partial = hasInput(node, 0) ? partialShuffles.find(node.input(0))
                                   : partialShuffles.end();
  if (partial == partialShuffles.end() || partial->second.transposed ||
      *perm != std::vector<int64_t>{0, 2, 1, 3, 4}) {
    if (hasInput(node, 0) && (partialNorms.count(node.input(0)) ||
                              partialGelus.count(node.input(0)))) {
      (void)activation(node, 0); // names the unfinished pattern
      return failure();
    }
    return nodeError(node)
           << "transposing with perm " << ssl::formatShape(*perm)
           << " is supported only to channels-last and back (perm [0, 2, 3, "
              "1] of [N, C, H, W], then [0, 3, 1, 2]) or inside a channel "
              "shuffle (Reshape [N, g, C/g, H, W], Transpose perm [0, 2, 1, "
              "3, 4], Reshape [N, C, H, W])";
  }
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

} // namespace sslc::onnx_import
