//===- DeriveTrainStep.cpp - Model IR to an SSL train_step function ------===//
#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "compiler/Dialect/SSL/IR/SSLTrainingOps.h"
#include "passes/Passes.h"
#include "passes/Analysis/GroupNorms.h"
#include "passes/Training/Autodiff.h"
#include "passes/Training/DepthGroups.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringSwitch.h"

#include <cstring>
#include <map>

namespace sslc {
#define GEN_PASS_DEF_DERIVETRAINSTEPPASS
#include "passes/Passes.h.inc"
} // namespace sslc

using namespace mlir;

namespace sslc {
namespace {

constexpr llvm::StringLiteral kTrainStep = "train_step";

/// The values of a parameter's initial value, row-major.
FailureOr<std::vector<float>> initialValues(ml_program::GlobalOp global) {
  auto attr = dyn_cast_or_null<ElementsAttr>(global.getValueAttr());
  if (!attr)
    return failure();
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr))
    if (std::optional<ArrayRef<float>> values = blob.tryGetAsArrayRef())
      return std::vector<float>(values->begin(), values->end());
  return failure();
}

/// Everything the step does to one loaded parameter.
struct Parameter {
  ml_program::GlobalOp global;
  /// Its loads in the step (a parameter may be loaded more than once).
  SmallVector<Value> loads;
  /// Group kinds whose terms apply (set for convolution and dense weights).
  bool isConvWeight = false, isDenseWeight = false;
  /// For the weight of a depth_bn group: its batch norm's γ and β.
  StringRef gamma, beta;
  /// For a batch norm's γ or β in a depth_bn group: the conv weight.
  StringRef groupWeight;
};

/// The elements of `values` (a weight of `shape`) that fine-tuning keeps
/// trainable: 1 outside every all-zero group of the kinds that remove
/// structure, 0 inside.
std::vector<float> groupMask(ArrayRef<int64_t> shape,
                             const std::vector<float> &values) {
  std::vector<float> mask(values.size(), 1.0f);
  std::vector<ssl::GroupKind> kinds;
  if (shape.size() == 4)
    kinds = {ssl::GroupKind::Filter, ssl::GroupKind::Channel,
             ssl::GroupKind::Shape, ssl::GroupKind::Depth};
  else if (shape.size() == 2)
    kinds = {ssl::GroupKind::Row, ssl::GroupKind::Column};
  for (ssl::GroupKind kind : kinds) {
    FailureOr<GroupNorms> norms =
        computeGroupNorms(kind, shape, values, /*tolerance=*/0.0f);
    if (failed(norms))
      continue;
    for (size_t i = 0; i < values.size(); ++i)
      if (norms->isZero[getGroupIndex(kind, shape, static_cast<int64_t>(i))])
        mask[i] = 0.0f;
  }
  return mask;
}

struct DeriveTrainStepPass
    : impl::DeriveTrainStepPassBase<DeriveTrainStepPass> {
  using Base::Base;

  /// Strengths of `layer-lambdas`, by layer and kind.
  std::map<std::pair<std::string, ssl::GroupKind>, float> perLayer;
  /// Kinds whose terms take the proximal step (`ssl-update`).
  std::map<ssl::GroupKind, bool> proximalKinds;
  bool proximalByDefault = false;

  bool isProximal(ssl::GroupKind kind) const {
    auto it = proximalKinds.find(kind);
    return it != proximalKinds.end() ? it->second : proximalByDefault;
  }

  /// Parses `ssl-update`: MODE or KIND=MODE entries.
  LogicalResult parseSslUpdate(ModuleOp module) {
    for (const std::string &entry : sslUpdate) {
      auto [first, second] = StringRef(entry).split('=');
      StringRef modeName = second.empty() ? first : second;
      std::optional<ssl::GroupKind> kind;
      if (!second.empty())
        kind = ssl::symbolizeGroupKind(first.trim());
      bool proximal = modeName.trim() == "proximal";
      if ((!second.empty() && !kind) ||
          (!proximal && modeName.trim() != "subgradient"))
        return module.emitError()
               << "option 'ssl-update' expects subgradient, proximal or "
                  "KIND=subgradient|proximal, found '"
               << entry << "'";
      if (kind)
        proximalKinds[*kind] = proximal;
      else
        proximalByDefault = proximal;
    }
    if (finetuneMode != "elements" && finetuneMode != "groups")
      return module.emitError()
             << "option 'finetune-mode' expects elements or groups, found '"
             << finetuneMode << "'";
    return success();
  }

  /// Parses `layer-lambdas`; malformed entries are errors at `module`.
  LogicalResult parseLayerLambdas(ModuleOp module) {
    for (const std::string &entry : layerLambdas) {
      auto [target, value] = StringRef(entry).split('=');
      auto [layer, kindName] = target.rsplit('.');
      std::optional<ssl::GroupKind> kind = ssl::symbolizeGroupKind(kindName);
      double lambda;
      if (layer.empty() || kindName.empty() || !kind ||
          value.trim().getAsDouble(lambda) || !(lambda >= 0.0))
        return module.emitError()
               << "option 'layer-lambdas' expects LAYER.KIND=LAMBDA with a "
                  "group kind and a value >= 0, found '"
               << entry << "'";
      perLayer[{layer.str(), *kind}] = static_cast<float>(lambda);
    }
    return success();
  }

  /// The (kind, lambda) terms that apply to `p`, the weight of `layer`.
  SmallVector<std::pair<ssl::GroupKind, float>>
  termsFor(const Parameter &p, StringRef layer) {
    SmallVector<std::pair<ssl::GroupKind, float>> all;
    if (p.isConvWeight)
      all = {{ssl::GroupKind::Filter, filterLambda},
             {ssl::GroupKind::Channel, channelLambda},
             {ssl::GroupKind::Shape, shapeLambda},
             {ssl::GroupKind::Kernel2D, kernel2dLambda},
             {ssl::GroupKind::Depth, depthLambda}};
    else if (p.isDenseWeight)
      all = {{ssl::GroupKind::Row, rowLambda},
             {ssl::GroupKind::Column, columnLambda}};
    if (p.isConvWeight && !p.gamma.empty())
      all.push_back({ssl::GroupKind::DepthBN, depthBnLambda});
    SmallVector<std::pair<ssl::GroupKind, float>> terms;
    for (auto [kind, lambda] : all) {
      auto it = perLayer.find({layer.str(), kind});
      if (it != perLayer.end())
        lambda = it->second;
      if (lambda != 0.0f)
        terms.push_back({kind, lambda});
    }
    return terms;
  }

  /// Every `layer-lambdas` entry must name a trained weight of a kind that
  /// applies to it: a typo would otherwise train without the term.
  LogicalResult
  checkLayerLambdas(ModuleOp module,
                    const llvm::MapVector<StringRef, Parameter> &params) {
    for (const auto &[key, lambda] : perLayer) {
      const auto &[layer, kind] = key;
      std::string weight = layer + ".weight";
      auto it = params.find(weight);
      bool conv = it != params.end() && it->second.isConvWeight;
      bool dense = it != params.end() && it->second.isDenseWeight;
      if (kind == ssl::GroupKind::DepthBN && conv && it->second.gamma.empty())
        return module.emitError()
               << "option 'layer-lambdas': '" << layer
               << ".depth_bn' expects @" << weight
               << " to be a convolution of a residual branch followed by a "
                  "batch norm";
      bool denseKind =
          kind == ssl::GroupKind::Row || kind == ssl::GroupKind::Column;
      if (!(conv && !denseKind) && !(dense && denseKind))
        return module.emitError()
               << "option 'layer-lambdas': '" << layer << "."
               << ssl::stringifyGroupKind(kind)
               << "' expects a trained "
               << (denseKind ? "dense" : "convolution") << " weight @"
               << layer << ".weight";
    }
    return success();
  }

  LogicalResult checkOptions(ModuleOp module) {
    std::pair<StringRef, float> lambdas[] = {
        {"filter-lambda", filterLambda}, {"channel-lambda", channelLambda},
        {"shape-lambda", shapeLambda},   {"kernel2d-lambda", kernel2dLambda},
        {"depth-lambda", depthLambda},   {"row-lambda", rowLambda},
        {"column-lambda", columnLambda}, {"depth-bn-lambda", depthBnLambda}};
    for (auto [name, value] : lambdas)
      if (!(value >= 0.0f))
        return module.emitError() << "option '" << name
                                  << "' expects a value >= 0, found " << value;
    if (!(momentum >= 0.0f && momentum < 1.0f))
      return module.emitError()
             << "option 'momentum' expects a value in [0, 1), found "
             << momentum;
    if (!(weightDecay >= 0.0f))
      return module.emitError()
             << "option 'weight-decay' expects a value >= 0, found "
             << weightDecay;
    if (!(zeroThreshold >= 0.0f))
      return module.emitError()
             << "option 'zero-threshold' expects a value >= 0, found "
             << zeroThreshold;
    return success();
  }

  /// The global `name` of `type`, created next to `anchor` with `value` when
  /// it does not exist yet.
  FailureOr<ml_program::GlobalOp>
  getOrCreateGlobal(ModuleOp module, ml_program::GlobalOp anchor,
                    StringRef name, RankedTensorType type, bool isMutable,
                    Attribute value) {
    if (auto existing = module.lookupSymbol<ml_program::GlobalOp>(name)) {
      if (existing.getType() != type || existing.getIsMutable() != isMutable)
        return existing.emitOpError()
               << "expects type " << type << " and "
               << (isMutable ? "mutable" : "immutable")
               << " for the training state of @" << anchor.getSymName();
      return existing;
    }
    OpBuilder b(anchor);
    b.setInsertionPointAfter(anchor);
    return ml_program::GlobalOp::create(b, anchor.getLoc(), name, type,
                                        isMutable, value,
                                        b.getStringAttr("private"));
  }

  /// The dropout step counter, created (0) before `entryFn` when it does
  /// not exist yet.
  FailureOr<ml_program::GlobalOp> getOrCreateStepCounter(ModuleOp module,
                                                         func::FuncOp entryFn) {
    auto type =
        RankedTensorType::get({}, Float32Type::get(module.getContext()));
    if (auto existing =
            module.lookupSymbol<ml_program::GlobalOp>(kDropoutStepGlobal)) {
      if (existing.getType() != type || !existing.getIsMutable())
        return existing.emitOpError()
               << "expects type " << type
               << " and mutable for the dropout step counter";
      return existing;
    }
    OpBuilder b(entryFn);
    return ml_program::GlobalOp::create(
        b, entryFn.getLoc(), kDropoutStepGlobal, type, /*isMutable=*/true,
        DenseElementsAttr::get(type, 0.0f), b.getStringAttr("private"));
  }

  /// The mask global of parameter `name` for fine-tuning, loaded. Elements
  /// mode keeps its initial nonzeros; groups mode freezes the elements of
  /// its all-zero groups and, for the γ and β of a depth_bn group, all of
  /// them when the whole group is zero.
  FailureOr<Value>
  fineTuneMask(ModuleOp module, llvm::MapVector<StringRef, Parameter> &params,
               StringRef name, OpBuilder &b, Location loc) {
    Parameter &p = params.find(name)->second;
    auto type = cast<RankedTensorType>(p.loads.front().getType());
    FailureOr<std::vector<float>> initial = initialValues(p.global);
    if (failed(initial))
      return p.global.emitOpError()
             << "expects an initial value to derive the fine-tuning mask "
                "from";
    std::vector<float> mask(initial->size());
    if (finetuneMode == "elements") {
      for (size_t i = 0; i < mask.size(); ++i)
        mask[i] = (*initial)[i] != 0.0f ? 1.0f : 0.0f;
    } else if (p.groupWeight.empty()) {
      mask = groupMask(type.getShape(), *initial);
    } else {
      Parameter &w = params.find(p.groupWeight)->second;
      bool zero = true;
      for (StringRef member : {p.groupWeight, w.gamma, w.beta}) {
        FailureOr<std::vector<float>> values =
            initialValues(params.find(member)->second.global);
        if (failed(values))
          return params.find(member)->second.global.emitOpError()
                 << "expects an initial value to derive the fine-tuning "
                    "mask from";
        zero &= llvm::all_of(*values, [](float v) { return v == 0.0f; });
      }
      std::fill(mask.begin(), mask.end(), zero ? 0.0f : 1.0f);
    }
    FailureOr<ml_program::GlobalOp> maskGlobal = getOrCreateGlobal(
        module, p.global, (name + ".mask").str(), type, /*isMutable=*/false,
        DenseElementsAttr::get(type, llvm::ArrayRef<float>(mask)));
    if (failed(maskGlobal))
      return failure();
    return ml_program::GlobalLoadConstOp::create(
               b, loc, type, SymbolRefAttr::get(*maskGlobal))
        .getResult();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkOptions(module)) || failed(parseLayerLambdas(module)) ||
        failed(parseSslUpdate(module)))
      return signalPassFailure();
    auto entryFn = module.lookupSymbol<func::FuncOp>(entry);
    if (!entryFn) {
      module.emitError() << "expects an entry function @" << entry;
      return signalPassFailure();
    }
    if (module.lookupSymbol(kTrainStep)) {
      module.lookupSymbol(kTrainStep)->emitOpError()
          << "already exists; ssl-derive-train-step adds @" << kTrainStep;
      return signalPassFailure();
    }
    if (failed(derive(module, entryFn)))
      return signalPassFailure();
  }

  LogicalResult derive(ModuleOp module, func::FuncOp entryFn) {
    if (!entryFn.getBody().hasOneBlock() || entryFn.getNumArguments() != 1 ||
        entryFn.getNumResults() != 1)
      return entryFn.emitOpError()
             << "expects one block, one argument (the input batch) and one "
                "result (the logits), found "
             << entryFn.getNumArguments() << " argument(s) and "
             << entryFn.getNumResults() << " result(s)";
    auto inputType =
        dyn_cast<RankedTensorType>(entryFn.getArgument(0).getType());
    if (!inputType || inputType.getRank() < 1 || inputType.isDynamicDim(0))
      return entryFn.emitOpError()
             << "expects a ranked input with a static batch size, found "
             << entryFn.getArgument(0).getType();

    MLIRContext *ctx = module.getContext();
    OpBuilder b(ctx);
    b.setInsertionPointAfter(entryFn);
    Location loc = entryFn.getLoc();
    auto f32 = Float32Type::get(ctx);
    auto scalar = RankedTensorType::get({}, f32);
    auto labelsType = RankedTensorType::get({inputType.getDimSize(0)},
                                            IntegerType::get(ctx, 64));
    auto fn = func::FuncOp::create(
        b, loc, kTrainStep,
        b.getFunctionType({inputType, labelsType, scalar}, {scalar}));
    Block *body = fn.addEntryBlock();
    Value x = body->getArgument(0), labels = body->getArgument(1),
          lr = body->getArgument(2);
    b.setInsertionPointToEnd(body);

    // Dropouts draw a new mask each step from a counter that the step loads
    // here and advances at its end.
    Value step;
    ml_program::GlobalOp stepCounter;
    if (llvm::any_of(entryFn.getBody().front(),
                     [](Operation &op) { return isa<ssl::DropoutOp>(op); })) {
      FailureOr<ml_program::GlobalOp> counter =
          getOrCreateStepCounter(module, entryFn);
      if (failed(counter))
        return failure();
      stepCounter = *counter;
      step = ml_program::GlobalLoadOp::create(b, loc, scalar,
                                              SymbolRefAttr::get(stepCounter));
    }

    // 1. The forward network in training form.
    IRMapping mapping;
    mapping.map(entryFn.getArgument(0), x);
    SmallVector<Operation *> forward;
    llvm::MapVector<StringRef, Value> runningStats; // symbol -> new value
    Value logits;
    for (Operation &op : entryFn.getBody().front()) {
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        logits = mapping.lookup(ret.getOperand(0));
        continue;
      }
      if (auto bn = dyn_cast<ssl::BatchNormOp>(op)) {
        auto train = ssl::BatchNormTrainOp::create(
            b, bn.getLoc(), mapping.lookup(bn.getInput()),
            mapping.lookup(bn.getGamma()), mapping.lookup(bn.getBeta()),
            mapping.lookup(bn.getMean()), mapping.lookup(bn.getVariance()),
            bn.getEpsilonAttr(), b.getF32FloatAttr(0.9f));
        for (auto [operand, updated] :
             {std::pair{train.getRunningMean(), train.getNewRunningMean()},
              std::pair{train.getRunningVariance(),
                        train.getNewRunningVariance()}}) {
          auto load = operand.getDefiningOp<ml_program::GlobalLoadOp>();
          if (!load)
            return bn.emitOpError()
                   << "expects its running statistics to be loads of mutable "
                      "parameters, so that training can update them";
          runningStats[load.getGlobal().getLeafReference().getValue()] =
              updated;
        }
        mapping.map(bn.getOutput(), train.getOutput());
        forward.push_back(train);
        continue;
      }
      if (auto drop = dyn_cast<ssl::DropoutOp>(op)) {
        auto train = ssl::DropoutOp::create(
            b, drop.getLoc(), mapping.lookup(drop.getInput()), step,
            drop.getRatioAttr(), drop.getSeedAttr());
        mapping.map(drop.getOutput(), train.getOutput());
        forward.push_back(train);
        continue;
      }
      if (isa<ssl::ShapePrunedConv2dOp, ssl::BatchNormTrainOp>(op))
        return op.emitOpError()
               << "cannot be trained (train the Model IR with ssl.conv2d and "
                  "ssl.batch_norm)";
      forward.push_back(b.clone(op, mapping));
    }
    // The loss wants the logits, not the probabilities.
    if (auto softmax = logits.getDefiningOp<ssl::SoftmaxOp>()) {
      logits = softmax.getInput();
      if (softmax->use_empty()) {
        llvm::erase(forward, softmax.getOperation());
        softmax.erase();
      }
    }
    auto logitsType = dyn_cast<RankedTensorType>(logits.getType());
    if (!logitsType || logitsType.getRank() != 2)
      return entryFn.emitOpError()
             << "expects the network to return [N, K] logits, found "
             << logits.getType();

    // The parameters the step trains: every loaded mutable global except
    // the batch-norm running statistics, which the forward op updates.
    llvm::MapVector<StringRef, Parameter> params;
    for (Operation *op : forward) {
      auto load = dyn_cast<ml_program::GlobalLoadOp>(op);
      if (!load)
        continue;
      StringRef name = load.getGlobal().getLeafReference().getValue();
      if (runningStats.count(name))
        continue;
      auto global = SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(
          load, load.getGlobal());
      if (!global)
        return load.emitOpError() << "loads an unknown global";
      Parameter &p = params[name];
      p.global = global;
      p.loads.push_back(load.getResult());
      for (OpOperand &use : load->getUses()) {
        if (isa<ssl::Conv2dOp>(use.getOwner()) && use.getOperandNumber() == 1)
          p.isConvWeight = true;
        if (isa<ssl::DenseOp>(use.getOwner()) && use.getOperandNumber() == 1)
          p.isDenseWeight = true;
      }
    }

    // depth_bn groups: the weight knows its γ and β, they know the weight.
    for (const DepthBnGroup &g : findDepthBnGroups(entryFn)) {
      auto w = params.find(g.weight), gamma = params.find(g.gamma),
           beta = params.find(g.beta);
      if (w == params.end() || gamma == params.end() || beta == params.end())
        continue;
      w->second.gamma = gamma->first;
      w->second.beta = beta->first;
      gamma->second.groupWeight = beta->second.groupWeight = w->first;
    }

    if (failed(checkLayerLambdas(module, params)))
      return failure();
    // The layer a weight belongs to, as `layer-lambdas` names it.
    auto layerOf = [](StringRef name) {
      return name.ends_with(".weight") ? name.drop_back(strlen(".weight"))
                                       : name;
    };
    // The operands of a group op on weight `p`: the weight, and for
    // depth_bn also γ and β, each as `valueOf` gives it.
    auto groupOperands = [&](const Parameter &p, ssl::GroupKind kind,
                             function_ref<Value(StringRef)> valueOf,
                             StringRef name) {
      SmallVector<Value> operands{valueOf(name)};
      if (kind == ssl::GroupKind::DepthBN)
        operands.append({valueOf(p.gamma), valueOf(p.beta)});
      return operands;
    };
    auto firstLoad = [&](StringRef name) {
      return params.find(name)->second.loads.front();
    };

    // 2. Loss: cross-entropy plus the group Lasso terms.
    Value loss = ssl::SoftmaxCrossEntropyOp::create(b, loc, logits, labels);
    for (auto &[name, p] : params)
      for (auto [kind, lambda] : termsFor(p, layerOf(name)))
        loss = ssl::AddOp::create(
            b, loc, loss,
            ssl::GroupLassoOp::create(
                b, loc, kind, groupOperands(p, kind, firstLoad, name),
                llvm::APFloat(lambda)));

    // 3. Backward.
    Value seed = ssl::SoftmaxCrossEntropyGradOp::create(b, loc, logits, labels);
    SmallVector<Value> targets;
    for (auto &[name, p] : params)
      targets.append(p.loads.begin(), p.loads.end());
    FailureOr<SmallVector<Value>> grads =
        buildBackward(b, forward, {{logits, seed}}, targets);
    if (failed(grads))
      return failure();

    // The gradient of each parameter, summed over its loads.
    llvm::MapVector<StringRef, Value> gradOf;
    size_t next = 0;
    for (auto &[name, p] : params) {
      Value grad;
      for (size_t i = 0; i < p.loads.size(); ++i, ++next)
        if (Value g = (*grads)[next])
          grad = grad ? ssl::AddOp::create(b, loc, grad, g).getResult() : g;
      if (grad) // otherwise it does not reach the loss: nothing to learn
        gradOf[name] = grad;
    }
    auto addTo = [&](StringRef name, Value g) {
      auto it = gradOf.find(name);
      if (it != gradOf.end())
        it->second = ssl::AddOp::create(b, loc, it->second, g);
    };
    // 4a. Subgradients of the group terms.
    for (auto &[name, p] : params) {
      if (!gradOf.count(name))
        continue;
      for (auto [kind, lambda] : termsFor(p, layerOf(name))) {
        if (isProximal(kind))
          continue;
        SmallVector<Value> operands = groupOperands(p, kind, firstLoad, name);
        auto sub = ssl::GroupLassoGradOp::create(b, loc, kind, operands,
                                                 llvm::APFloat(lambda));
        addTo(name, sub.getGrads()[0]);
        if (kind == ssl::GroupKind::DepthBN) {
          addTo(p.gamma, sub.getGrads()[1]);
          addTo(p.beta, sub.getGrads()[2]);
        }
      }
    }

    // 4b. SGD with momentum.
    llvm::MapVector<StringRef, Value> updated;
    llvm::DenseMap<StringRef, std::pair<SymbolRefAttr, Value>> velocities;
    for (auto &[name, grad] : gradOf) {
      Parameter &p = params.find(name)->second;
      Value w = p.loads.front();
      auto type = cast<RankedTensorType>(w.getType());
      FailureOr<ml_program::GlobalOp> velocity = getOrCreateGlobal(
          module, p.global, (name + ".momentum_buffer").str(), type,
          /*isMutable=*/true, DenseElementsAttr::get(type, 0.0f));
      if (failed(velocity))
        return failure();
      auto velocityRef = SymbolRefAttr::get(*velocity);
      Value v = ml_program::GlobalLoadOp::create(b, loc, type, velocityRef);
      auto sgd = ssl::SgdMomentumOp::create(
          b, loc, w, grad, v, lr, llvm::APFloat(momentum.getValue()),
          llvm::APFloat(weightDecay.getValue()));
      updated[name] = sgd.getNewParam();
      velocities[name] = {velocityRef, sgd.getNewVelocity()};
    }

    // 4c. Proximal steps of the group terms, on the updated values; a group
    // spans parameters that all were updated, or it is left alone.
    auto updatedValue = [&](StringRef name) { return updated.lookup(name); };
    for (auto &[name, p] : params) {
      if (!updated.count(name))
        continue;
      for (auto [kind, lambda] : termsFor(p, layerOf(name))) {
        if (!isProximal(kind))
          continue;
        SmallVector<Value> operands =
            groupOperands(p, kind, updatedValue, name);
        if (llvm::any_of(operands, [](Value v) { return !v; }))
          continue;
        auto shrink = ssl::GroupShrinkOp::create(b, loc, kind, lr, operands,
                                                 llvm::APFloat(lambda));
        updated[name] = shrink.getOutputs()[0];
        if (kind == ssl::GroupKind::DepthBN) {
          updated[p.gamma] = shrink.getOutputs()[1];
          updated[p.beta] = shrink.getOutputs()[2];
        }
      }
    }

    // 4d. Exact zeros and fine-tuning masks, then write back.
    for (auto &[name, value] : updated) {
      Parameter &p = params.find(name)->second;
      bool isWeight = p.isConvWeight || p.isDenseWeight;
      // γ and β of a depth_bn group are cut and masked like its weight.
      bool inDepthGroup = !p.groupWeight.empty();
      bool regularizedAffine =
          inDepthGroup &&
          llvm::any_of(termsFor(params.find(p.groupWeight)->second,
                                layerOf(p.groupWeight)),
                       [](auto term) {
                         return term.first == ssl::GroupKind::DepthBN;
                       });
      if ((isWeight || regularizedAffine) && zeroThreshold > 0.0f)
        value = ssl::ZeroSmallOp::create(
            b, loc, value, llvm::APFloat(zeroThreshold.getValue()));
      if ((isWeight || inDepthGroup) && finetune) {
        FailureOr<Value> mask = fineTuneMask(module, params, name, b, loc);
        if (failed(mask))
          return failure();
        value = ssl::ApplyMaskOp::create(b, loc, value, *mask);
      }
      ml_program::GlobalStoreOp::create(b, loc, SymbolRefAttr::get(p.global),
                                        value);
      auto [velocityRef, velocity] = velocities.lookup(name);
      ml_program::GlobalStoreOp::create(b, loc, velocityRef, velocity);
    }
    for (auto [name, value] : runningStats)
      ml_program::GlobalStoreOp::create(b, loc, SymbolRefAttr::get(ctx, name),
                                        value);
    if (step)
      ml_program::GlobalStoreOp::create(
          b, loc, SymbolRefAttr::get(stepCounter),
          ssl::NextStepOp::create(b, loc, step).getOutput());
    func::ReturnOp::create(b, loc, loss);
    return success();
  }
};

} // namespace

float *groupLambdaOption(DeriveTrainStepPassOptions &options,
                         llvm::StringRef kind) {
  return llvm::StringSwitch<float *>(kind)
      .Case("filter", &options.filterLambda)
      .Case("channel", &options.channelLambda)
      .Case("shape", &options.shapeLambda)
      .Case("kernel2d", &options.kernel2dLambda)
      .Case("depth", &options.depthLambda)
      .Case("depth_bn", &options.depthBnLambda)
      .Case("row", &options.rowLambda)
      .Case("column", &options.columnLambda)
      .Default(nullptr);
}

} // namespace sslc
