//===- Lowering.cpp - Inference IR to a Halide pipeline -------------------===//
#include "codegen/Lowering.h"
#include "codegen/Ops/OpLowerings.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

using namespace mlir;

namespace sslc::codegen {

std::vector<Halide::Var> makeVars(int rank) {
  std::vector<Halide::Var> vars;
  for (int i = 0; i < rank; ++i)
    vars.emplace_back("d" + std::to_string(i));
  return vars;
}

namespace {

/// Halide names must be C identifiers when they end up as symbols.
std::string sanitize(llvm::StringRef name) {
  std::string s;
  for (char c : name)
    s += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0])))
    s = "p_" + s;
  return s;
}

/// The parameter global behind `v`, if `v` is a parameter load.
ml_program::GlobalOp parameterOf(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return nullptr;
  SymbolRefAttr sym;
  if (auto load = dyn_cast<ml_program::GlobalLoadConstOp>(def))
    sym = load.getGlobal();
  else if (auto load = dyn_cast<ml_program::GlobalLoadOp>(def))
    sym = load.getGlobal();
  else
    return nullptr;
  return SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(def, sym);
}

bool copyValues(ElementsAttr attr, float *dst) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    size_t i = 0;
    for (float f : dense.getValues<float>())
      dst[i++] = f;
    return true;
  }
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> values = blob.tryGetAsArrayRef();
    if (!values)
      return false;
    std::memcpy(dst, values->data(), values->size() * sizeof(float));
    return true;
  }
  return false;
}

} // namespace

Halide::Buffer<float> LoweringContext::toBuffer(ElementsAttr attr,
                                                const std::string &name) {
  auto type = cast<ShapedType>(attr.getType());
  std::vector<int> extents;
  for (int64_t d : llvm::reverse(type.getShape()))
    extents.push_back(static_cast<int>(d));
  Halide::Buffer<float> buf(extents, sanitize(name));
  if (!copyValues(attr, buf.data()))
    return Halide::Buffer<float>();
  return buf;
}

FailureOr<Halide::Buffer<float>> constantOperand(Operation *user, Value v,
                                                 llvm::StringRef what) {
  ml_program::GlobalOp global = parameterOf(v);
  if (!global || !global.getValue() ||
      !isa<ElementsAttr>(*global.getValue()))
    return user->emitOpError()
           << "expects its " << what
           << " to be a parameter with a constant value at compile time";
  Halide::Buffer<float> buf = LoweringContext::toBuffer(
      cast<ElementsAttr>(*global.getValue()), global.getSymName().str());
  if (!buf.defined())
    return user->emitOpError() << "cannot read the values of parameter @"
                               << global.getSymName();
  return buf;
}

FailureOr<std::vector<float>> constantValues(Operation *user, Value v,
                                             llvm::StringRef what) {
  ml_program::GlobalOp global = parameterOf(v);
  if (!global || !global.getValue() ||
      !isa<ElementsAttr>(*global.getValue()))
    return user->emitOpError()
           << "expects its " << what
           << " to be a parameter with a constant value at compile time";
  auto attr = cast<ElementsAttr>(*global.getValue());
  std::vector<float> values(attr.getNumElements());
  if (!copyValues(attr, values.data()))
    return user->emitOpError() << "cannot read the values of parameter @"
                               << global.getSymName();
  return values;
}

HTensor &LoweringContext::lookup(Value v) {
  auto it = values.find(v);
  if (it != values.end())
    return it->second;
  ml_program::GlobalOp global = parameterOf(v);
  auto type = cast<RankedTensorType>(v.getType());
  Halide::Buffer<float> buf = toBuffer(
      cast<ElementsAttr>(*global.getValue()), global.getSymName().str());
  std::vector<Halide::Var> vars = makeVars(type.getRank());
  Halide::Func f(buf.name() + "_f");
  f(vars) = buf(std::vector<Halide::Expr>(vars.begin(), vars.end()));
  values[v] = HTensor{f, std::vector<int64_t>(type.getShape())};
  return values[v];
}

HTensor LoweringContext::materialize(const HTensor &t, const std::string &name,
                                     Operation *op) {
  std::vector<Halide::Var> v = makeVars(t.rank());
  Halide::Func f(name);
  f(v) = t.func(std::vector<Halide::Expr>(v.begin(), v.end()));
  HTensor out{f, t.shape};
  addStage(StageKind::Materialize, out, op);
  return out;
}

FailureOr<LoweredNetwork> lowerFunction(func::FuncOp fn,
                                        const Halide::Target &target) {
  LoweredNetwork net;
  LoweringContext ctx(net);
  ctx.setTarget(target);

  unsigned numArgs = fn.getNumArguments();
  for (auto [i, arg] : llvm::enumerate(fn.getArguments())) {
    auto type = cast<RankedTensorType>(arg.getType());
    std::string name = numArgs == 1 ? "input" : "input" + std::to_string(i);
    Halide::ImageParam param(Halide::Float(32), type.getRank(), name);
    // Every extent and stride is a compile-time constant: the generated
    // code is specialized to them and rejects anything else at the call.
    int stride = 1;
    for (int d = 0; d < type.getRank(); ++d) {
      int extent = static_cast<int>(type.getDimSize(type.getRank() - 1 - d));
      param.dim(d).set_bounds(0, extent).set_stride(stride);
      stride *= extent;
    }
    std::vector<Halide::Var> v = makeVars(type.getRank());
    Halide::Func f(name + "_f");
    f(v) = param(v);
    ctx.bind(arg, HTensor{f, std::vector<int64_t>(type.getShape())});
    net.inputs.push_back(param);
    net.inputShapes.emplace_back(type.getShape());
  }

  for (Operation &op : fn.getBody().front()) {
    LogicalResult result =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            .Case<ml_program::GlobalLoadConstOp, ml_program::GlobalLoadOp>(
                [&](Operation *load) -> LogicalResult {
                  // Parameters are read by their consumers as constants.
                  return success();
                })
            .Case<ssl::DenseOp>([&](auto o) { return lowerDense(o, ctx); })
            .Case<ssl::Conv2dOp>([&](auto o) { return lowerConv2d(o, ctx); })
            .Case<ssl::ShapePrunedConv2dOp>(
                [&](auto o) { return lowerShapePrunedConv2d(o, ctx); })
            .Case<ssl::MaxPool2dOp>(
                [&](auto o) { return lowerMaxPool2d(o, ctx); })
            .Case<ssl::AvgPool2dOp>(
                [&](auto o) { return lowerAvgPool2d(o, ctx); })
            .Case<ssl::GlobalAvgPoolOp>(
                [&](auto o) { return lowerGlobalAvgPool(o, ctx); })
            .Case<ssl::BatchNormOp>(
                [&](auto o) { return lowerBatchNorm(o, ctx); })
            .Case<ssl::ReluOp>([&](auto o) { return lowerRelu(o, ctx); })
            .Case<ssl::AddOp>([&](auto o) { return lowerAdd(o, ctx); })
            .Case<ssl::DropoutOp>([&](auto o) { return lowerDropout(o, ctx); })
            .Case<ssl::SoftmaxOp>([&](auto o) { return lowerSoftmax(o, ctx); })
            .Case<ssl::FlattenOp>([&](auto o) { return lowerFlatten(o, ctx); })
            .Case<ssl::ConcatOp>([&](auto o) { return lowerConcat(o, ctx); })
            .Case<func::ReturnOp>([&](func::ReturnOp ret) -> LogicalResult {
              unsigned numResults = ret.getNumOperands();
              for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
                if (parameterOf(v))
                  return ret.emitOpError()
                         << "returns a parameter directly; codegen expects "
                            "computed results";
                HTensor &t = ctx.lookup(v);
                std::string name = numResults == 1
                                       ? "output"
                                       : "output" + std::to_string(i);
                std::vector<Halide::Var> vars = makeVars(t.rank());
                Halide::Func out(name);
                out(vars) = t.func(std::vector<Halide::Expr>(vars.begin(),
                                                             vars.end()));
                net.outputs.push_back(out);
                net.outputShapes.push_back(t.shape);
              }
              return success();
            })
            .Default([](Operation *other) {
              return other->emitOpError()
                     << "has no Halide lowering (expected an ssl network op)";
            });
    if (failed(result))
      return failure();
  }
  if (net.outputs.empty())
    return fn.emitOpError() << "expects at least one result to compute";
  return net;
}

} // namespace sslc::codegen
