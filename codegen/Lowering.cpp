//===- Lowering.cpp - Inference IR to a Halide pipeline -------------------===//
#include "codegen/Lowering.h"
#include "codegen/Ops/OpLowerings.h"
#include "codegen/Ops/TrainingLowerings.h"
#include "runtime/FileUtil.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>
#include <map>

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

/// Whether the values of `attr` may be copied out: no more bytes than the
/// memory ceiling, every extent within Halide's int, and a blob exactly as
/// long as its type (a shorter one would leave values unread, a longer one
/// write past the buffer).
bool readableValues(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  uint64_t bytes;
  std::string error;
  if (!type.hasStaticShape() ||
      !checkedTensorBytes(type.getShape().vec(), sizeof(float), "", "", bytes,
                          error))
    return false;
  for (int64_t d : type.getShape())
    if (d > std::numeric_limits<int>::max())
      return false;
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> values = blob.tryGetAsArrayRef();
    return values &&
           values->size() == static_cast<size_t>(type.getNumElements());
  }
  return true;
}

bool copyValues(ElementsAttr attr, float *dst) {
  if (!readableValues(attr))
    return false;
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
  if (!readableValues(attr))
    return Halide::Buffer<float>();
  std::vector<int> extents;
  for (int64_t d : llvm::reverse(type.getShape()))
    extents.push_back(static_cast<int>(d));
  Halide::Buffer<float> buf(extents, sanitize(name));
  if (!copyValues(attr, buf.data()))
    return Halide::Buffer<float>();
  return buf;
}

namespace {
/// The constant value of the parameter behind `v`, or an error at `user`.
FailureOr<std::pair<ml_program::GlobalOp, ElementsAttr>>
constantParameter(Operation *user, Value v, llvm::StringRef what) {
  ml_program::GlobalOp global = parameterOf(v);
  if (!global || !global.getValue() ||
      !isa<ElementsAttr>(*global.getValue()))
    return user->emitOpError()
           << "expects its " << what
           << " to be a parameter with a constant value at compile time";
  return std::make_pair(global, cast<ElementsAttr>(*global.getValue()));
}
} // namespace

FailureOr<Halide::Buffer<float>> constantOperand(LoweringContext &ctx,
                                                 Operation *user, Value v,
                                                 llvm::StringRef what) {
  auto param = constantParameter(user, v, what);
  if (failed(param))
    return failure();
  ml_program::GlobalOp global = param->first;
  Halide::Buffer<float> buf = ctx.parameterBuffer(global);
  if (!buf.defined())
    return user->emitOpError() << "cannot read the values of parameter @"
                               << global.getSymName();
  return buf;
}

FailureOr<std::vector<float>> constantValues(Operation *user, Value v,
                                             llvm::StringRef what) {
  auto param = constantParameter(user, v, what);
  if (failed(param))
    return failure();
  auto [global, attr] = *param;
  if (!readableValues(attr))
    return user->emitOpError() << "cannot read the values of parameter @"
                               << global.getSymName();
  std::vector<float> values(attr.getNumElements());
  if (!copyValues(attr, values.data()))
    return user->emitOpError() << "cannot read the values of parameter @"
                               << global.getSymName();
  return values;
}

Halide::Buffer<float> LoweringContext::parameterBuffer(Operation *op) {
  auto global = cast<ml_program::GlobalOp>(op);
  auto it = parameterBuffers.find(op);
  if (it != parameterBuffers.end())
    return it->second;
  Halide::Buffer<float> buf;
  if (global.getValue() && isa<ElementsAttr>(*global.getValue()))
    buf = toBuffer(cast<ElementsAttr>(*global.getValue()),
                   uniqueName(global.getSymName()));
  parameterBuffers[op] = buf;
  if (buf.defined())
    net.origins[buf.name()] = op;
  return buf;
}

std::string LoweringContext::uniqueName(llvm::StringRef base) {
  std::string name = sanitize(base);
  // Generated Funcs and pipeline arguments are a word and a number
  // ("relu3", "input", "param2", "intermediate0_in"): a parameter spelled
  // like one is set apart by a prefix.
  llvm::StringRef word = llvm::StringRef(name).rtrim("0123456789");
  if (word.consume_back("_in"))
    word = word.rtrim("0123456789");
  if (llvm::all_of(word, [](char c) { return std::islower(c) || c == '_'; }))
    name = "p_" + name;
  std::string candidate = name;
  for (int n = 1; !usedNames.insert(candidate).second; ++n)
    candidate = name + "_" + std::to_string(n);
  return candidate;
}

HTensor LoweringContext::lookup(Value v) {
  auto it = values.find(v);
  if (it != values.end())
    return it->second;
  ml_program::GlobalOp global = parameterOf(v);
  auto type = cast<RankedTensorType>(v.getType());
  Halide::Buffer<float> buf = parameterBuffer(global);
  std::vector<Halide::Var> vars = makeVars(type.getRank());
  Halide::Func f(uniqueName(buf.name() + "_f"));
  f(vars) = buf(std::vector<Halide::Expr>(vars.begin(), vars.end()));
  HTensor t{f, std::vector<int64_t>(type.getShape())};
  values[v] = t;
  return t;
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

Halide::ImageParam staticInput(Halide::Type elementType,
                               const std::vector<int64_t> &shape,
                               const std::string &name) {
  int rank = static_cast<int>(shape.size());
  Halide::ImageParam param(elementType, rank, name);
  // Every extent and stride is a compile-time constant: the generated code
  // is specialized to them and rejects anything else at the call.
  int stride = 1;
  for (int d = 0; d < rank; ++d) {
    int extent = static_cast<int>(shape[rank - 1 - d]);
    param.dim(d).set_bounds(0, extent).set_stride(stride);
    stride *= extent;
  }
  return param;
}

Halide::ImageParam staticInput(Halide::Type elementType, RankedTensorType type,
                               const std::string &name) {
  return staticInput(elementType, std::vector<int64_t>(type.getShape()),
                     name);
}

HTensor LoweringContext::materialized(Value v, Operation *op) {
  auto it = materializedValues.find(v);
  if (it != materializedValues.end())
    return it->second;
  HTensor t = materialize(lookup(v), "buffer" + std::to_string(nextId()), op);
  materializedValues[v] = t;
  return t;
}

void LoweringContext::materializeShared(Operation *op) {
  for (Value result : op->getResults()) {
    if (result.hasOneUse() || result.use_empty())
      continue;
    auto it = values.find(result);
    if (it == values.end())
      continue;
    for (Stage &stage : net.stages)
      if (stage.op == op && stage.kind == StageKind::Elementwise &&
          stage.func.name() == it->second.func.name())
        stage.kind = StageKind::Materialize;
  }
}

void LoweringContext::addElementwiseStage(const HTensor &t,
                                          llvm::ArrayRef<HTensor> ins,
                                          Operation *op) {
  int depth = 1;
  for (const HTensor &in : ins)
    if (auto it = inlineChain.find(in.func.name()); it != inlineChain.end())
      depth = std::max(depth, it->second + 1);
  if (depth >= kMaxInlineChain) {
    addStage(StageKind::Materialize, t, op);
    return;
  }
  inlineChain[t.func.name()] = depth;
  addStage(StageKind::Elementwise, t, op);
}

void LoweringContext::closeSegment(Operation *last) {
  int segment = net.numSegments - 1;
  // Inputs and parameters are pipeline inputs of every segment already.
  auto isInput = [](Value v) {
    return isa<BlockArgument>(v) ||
           isa_and_nonnull<ml_program::GlobalLoadOp,
                           ml_program::GlobalLoadConstOp>(v.getDefiningOp());
  };
  llvm::DenseMap<Value, HTensor> crossing;
  std::map<std::string, HTensor> exported;
  // `values` is keyed by pointers: visit it in program order (the body is
  // one block), so that the intermediates, their names and the pipelines
  // built from them are the same in every process.
  std::vector<std::pair<Value, HTensor>> live;
  auto take = [&](Value v) {
    if (auto it = values.find(v); it != values.end())
      live.push_back(*it);
  };
  Block *body = last->getBlock();
  for (BlockArgument arg : body->getArguments())
    take(arg);
  for (Operation &op : *body)
    for (Value result : op.getResults())
      take(result);
  assert(live.size() == values.size() && "a value outside the body");
  for (auto &[v, t] : live) {
    // Read from an earlier segment's buffer already.
    if (auto it = crossed.find(v); it != crossed.end()) {
      crossing[v] = it->second;
      continue;
    }
    if (isInput(v) || llvm::none_of(v.getUsers(), [&](Operation *user) {
          return last->isBeforeInBlock(user);
        }))
      continue;
    // A materialized copy is already computed into a buffer: export that.
    auto m = materializedValues.find(v);
    const HTensor &source = m != materializedValues.end() ? m->second : t;
    // Two values may share a Func (an identity op): export it once.
    if (auto it = exported.find(source.func.name()); it != exported.end()) {
      crossing[v] = it->second;
      continue;
    }
    std::string name = "intermediate" + std::to_string(net.intermediates.size());
    std::vector<Halide::Var> vars = makeVars(t.rank());
    std::vector<Halide::Expr> args(vars.begin(), vars.end());
    // A stage computed into its own buffer in row-major order becomes the
    // segment's output as it is; anything else (an inlined expression, a
    // convolution's blocked layout, a dense layer's register tiles) is
    // copied out.
    bool stored = llvm::any_of(net.stages, [&](const Stage &stage) {
      return (stage.kind == StageKind::Materialize ||
              stage.kind == StageKind::Reduction) &&
             stage.func.name() == source.func.name();
    });
    Halide::Func producer = source.func;
    if (!stored) {
      producer = Halide::Func(name);
      producer(vars) = source.func(args);
    }
    Halide::ImageParam param =
        staticInput(source.func.output_types()[0], t.shape, name + "_in");
    Halide::Func reader(name + "_f");
    reader(vars) = param(args);
    net.intermediates.push_back({producer, param, t.shape, segment,
                                 /*scheduled=*/stored});
    crossing[v] = HTensor{reader, t.shape};
    exported[source.func.name()] = crossing[v];
  }
  // Nothing of this segment may be referenced from the next one: values
  // not read later are dropped with the materialized copies.
  materializedValues.clear();
  shared.clear();
  for (auto &[v, t] : crossing) {
    values[v] = t;
    materializedValues[v] = t;
    crossed[v] = t;
  }
  ++net.numSegments;
  segmentStages = 0;
}

FailureOr<LoweredNetwork> lowerFunction(func::FuncOp fn,
                                        const Halide::Target &target,
                                        const LoweringOptions &options) {
  LoweredNetwork net;
  LoweringContext ctx(net, options);
  ctx.setTarget(target);

  unsigned numArgs = fn.getNumArguments();
  for (auto [i, arg] : llvm::enumerate(fn.getArguments())) {
    auto type = cast<RankedTensorType>(arg.getType());
    std::string name = numArgs == 1 ? "input" : "input" + std::to_string(i);
    // Labels of a train step are i64; every other input is f32.
    Halide::Type elementType = type.getElementType().isInteger(64)
                                   ? Halide::Int(64)
                                   : Halide::Float(32);
    Halide::ImageParam param = staticInput(elementType, type, name);
    std::vector<Halide::Var> v = makeVars(type.getRank());
    Halide::Func f(name + "_f");
    f(v) = param(v);
    ctx.bind(arg, HTensor{f, std::vector<int64_t>(type.getShape())});
    net.inputs.push_back(param);
    net.inputShapes.emplace_back(type.getShape());
    net.inputGlobals.emplace_back();
  }

  // A Halide error while building an op's Funcs is reported at that op.
  Operation *current = nullptr;
  try {
  for (Operation &op : fn.getBody().front()) {
    current = &op;
    LogicalResult result =
        llvm::TypeSwitch<Operation *, LogicalResult>(&op)
            .Case<ml_program::GlobalLoadConstOp, ml_program::GlobalLoadOp>(
                [&](Operation *load) -> LogicalResult {
                  // Parameters are read by their consumers as constants,
                  // unless they change between runs.
                  if (ctx.parametersAsInputs())
                    return lowerParameterLoad(load, ctx);
                  return success();
                })
            .Case<ml_program::GlobalStoreOp>(
                [&](auto o) { return lowerGlobalStore(o, ctx); })
            .Case<ssl::DenseOp>([&](auto o) {
              return ctx.parametersAsInputs() ? lowerTrainableDense(o, ctx)
                                              : lowerDense(o, ctx);
            })
            .Case<ssl::Conv2dOp>([&](auto o) {
              return ctx.parametersAsInputs() ? lowerTrainableConv2d(o, ctx)
                                              : lowerConv2d(o, ctx);
            })
            .Case<ssl::ShapePrunedConv2dOp>(
                [&](auto o) { return lowerShapePrunedConv2d(o, ctx); })
            .Case<ssl::MaxPool2dOp>(
                [&](auto o) { return lowerMaxPool2d(o, ctx); })
            .Case<ssl::AvgPool2dOp>(
                [&](auto o) { return lowerAvgPool2d(o, ctx); })
            .Case<ssl::GlobalAvgPoolOp>(
                [&](auto o) { return lowerGlobalAvgPool(o, ctx); })
            .Case<ssl::BatchNormOp>([&](auto o) {
              return ctx.parametersAsInputs() ? lowerTrainableBatchNorm(o, ctx)
                                              : lowerBatchNorm(o, ctx);
            })
            .Case<ssl::ReluOp>([&](auto o) { return lowerRelu(o, ctx); })
            .Case<ssl::ClipOp>([&](auto o) { return lowerClip(o, ctx); })
            .Case<ssl::SigmoidOp>(
                [&](auto o) { return lowerSigmoid(o, ctx); })
            .Case<ssl::HardSigmoidOp>(
                [&](auto o) { return lowerHardSigmoid(o, ctx); })
            .Case<ssl::HardSwishOp>(
                [&](auto o) { return lowerHardSwish(o, ctx); })
            .Case<ssl::GeluOp>([&](auto o) { return lowerGelu(o, ctx); })
            .Case<ssl::LayerNormOp>(
                [&](auto o) { return lowerLayerNorm(o, ctx); })
            .Case<ssl::MulOp>([&](auto o) { return lowerMul(o, ctx); })
            .Case<ssl::AddOp>([&](auto o) { return lowerAdd(o, ctx); })
            .Case<ssl::DropoutOp>([&](auto o) {
              return ctx.parametersAsInputs() ? lowerTrainingDropout(o, ctx)
                                              : lowerDropout(o, ctx);
            })
            .Case<ssl::SoftmaxOp>([&](auto o) { return lowerSoftmax(o, ctx); })
            .Case<ssl::FlattenOp>([&](auto o) { return lowerFlatten(o, ctx); })
            .Case<ssl::ConcatOp>([&](auto o) { return lowerConcat(o, ctx); })
            .Case<ssl::PadOp>([&](auto o) { return lowerPad(o, ctx); })
            .Case<ssl::ChannelShuffleOp>(
                [&](auto o) { return lowerChannelShuffle(o, ctx); })
            .Case<ssl::SliceOp>([&](auto o) { return lowerSlice(o, ctx); })
            .Case<ssl::GatherOp>([&](auto o) { return lowerGather(o, ctx); })
            // Training IR: forward ops in training form, loss, regularizer,
            // optimizer (Ops/Training.cpp) and backward ops
            // (Ops/Gradients.cpp).
            .Case<ssl::BatchNormTrainOp, ssl::SoftmaxCrossEntropyOp,
                  ssl::GroupLassoOp, ssl::GroupLassoGradOp, ssl::GroupShrinkOp,
                  ssl::SgdMomentumOp,
                  ssl::ZeroSmallOp, ssl::ApplyMaskOp, ssl::NextStepOp>(
                [&](auto o) { return lowerTrainingOp(o, ctx); })
            .Case<ssl::DenseGradInputOp, ssl::DenseGradWeightOp,
                  ssl::BiasGradOp, ssl::Conv2dGradInputOp,
                  ssl::Conv2dGradWeightOp, ssl::ReluGradOp,
                  ssl::BatchNormGradOp, ssl::MaxPool2dGradOp,
                  ssl::AvgPool2dGradOp, ssl::GlobalAvgPoolGradOp,
                  ssl::FlattenGradOp, ssl::ConcatGradOp,
                  ssl::SoftmaxCrossEntropyGradOp>(
                [&](auto o) { return lowerGradientOp(o, ctx); })
            .Case<func::ReturnOp>([&](func::ReturnOp ret) -> LogicalResult {
              unsigned numResults = ret.getNumOperands();
              for (auto [i, v] : llvm::enumerate(ret.getOperands())) {
                if (parameterOf(v))
                  return ret.emitOpError()
                         << "returns a parameter directly; codegen expects "
                            "computed results";
                HTensor t = ctx.lookup(v);
                const std::string &base = ctx.loweringOptions().outputName;
                std::string name = numResults == 1
                                       ? base
                                       : base + std::to_string(i);
                std::vector<Halide::Var> vars = makeVars(t.rank());
                Halide::Func out(name);
                out(vars) = t.func(std::vector<Halide::Expr>(vars.begin(),
                                                             vars.end()));
                net.outputs.push_back(out);
                net.outputShapes.push_back(t.shape);
                net.outputGlobals.emplace_back();
              }
              return success();
            })
            .Default([](Operation *other) {
              return other->emitOpError()
                     << "has no Halide lowering (expected an ssl network op)";
            });
    if (failed(result))
      return failure();
    if (ctx.parametersAsInputs())
      ctx.materializeShared(&op);
    net.outputSegment.resize(net.outputs.size(), ctx.segment());
    if (options.maxStagesPerSegment > 0 &&
        ctx.stagesInSegment() >= options.maxStagesPerSegment &&
        !op.hasTrait<OpTrait::IsTerminator>())
      ctx.closeSegment(&op);
  }
  } catch (const std::exception &e) {
    return emitError(current ? current->getLoc() : fn.getLoc())
           << "lowering: Halide error: " << e.what();
  }
  if (net.outputs.empty())
    return fn.emitOpError() << "expects at least one result to compute";
  return net;
}

} // namespace sslc::codegen
