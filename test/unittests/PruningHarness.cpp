//===- PruningHarness.cpp - exactness checks of ssl-prune on any model ----===//
#include "PruningHarness.h"

#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <sstream>

using namespace mlir;

namespace sslc::test {

double relativeError(const std::vector<double> &got,
                     const std::vector<double> &want) {
  if (got.size() != want.size())
    return std::numeric_limits<double>::infinity();
  double diff = 0, norm = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    diff += (got[i] - want[i]) * (got[i] - want[i]);
    norm += want[i] * want[i];
  }
  if (!(norm > 0) || !std::isfinite(diff))
    return std::numeric_limits<double>::infinity();
  return std::sqrt(diff / norm);
}

Array randomArray(std::vector<int64_t> shape, uint64_t seed) {
  Array a(std::move(shape));
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> dist(-1.0, 1.0);
  for (double &x : a.data)
    x = static_cast<float>(dist(rng));
  return a;
}

namespace {

func::FuncOp mainOf(ModuleOp m) { return m.lookupSymbol<func::FuncOp>("main"); }

/// The global `v` loads, if it is a parameter load.
ml_program::GlobalOp globalOf(Value v) {
  if (!v)
    return {};
  Operation *def = v.getDefiningOp();
  SymbolRefAttr sym;
  if (auto load = dyn_cast_or_null<ml_program::GlobalLoadOp>(def))
    sym = load.getGlobal();
  else if (auto c = dyn_cast_or_null<ml_program::GlobalLoadConstOp>(def))
    sym = c.getGlobal();
  if (!sym)
    return {};
  return SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(def, sym);
}

std::vector<float> valuesOf(ml_program::GlobalOp g) {
  auto d = dyn_cast_or_null<DenseElementsAttr>(g.getValueAttr());
  if (!d)
    return {};
  if (d.isSplat())
    return std::vector<float>(d.getNumElements(), d.getSplatValue<float>());
  return std::vector<float>(d.getValues<float>().begin(),
                            d.getValues<float>().end());
}

std::vector<int64_t> shapeOfGlobal(ml_program::GlobalOp g) {
  return std::vector<int64_t>(cast<ShapedType>(g.getType()).getShape());
}

void store(ml_program::GlobalOp g, const std::vector<float> &v) {
  g.setValueAttr(DenseElementsAttr::get(cast<RankedTensorType>(g.getType()),
                                        llvm::ArrayRef<float>(v)));
}

/// Rewrites every shape-pruned conv as the dense conv it stands for.
void expandShapePrunedConvs(ModuleOp m) {
  SmallVector<ssl::ShapePrunedConv2dOp> convs;
  m.walk([&](ssl::ShapePrunedConv2dOp c) { convs.push_back(c); });
  SymbolTable symbols(m);
  for (ssl::ShapePrunedConv2dOp c : convs) {
    ml_program::GlobalOp g = globalOf(c.getWeight());
    std::vector<float> compact = valuesOf(g);
    const int64_t O = c.getOutput().getType().getDimSize(1);
    const int64_t T = c.getWeight().getType().getDimSize(1);
    const int64_t G = static_cast<int64_t>(c.getGroups());
    const int64_t C = c.getInput().getType().getDimSize(1) / G;
    const int64_t KH = c.getKernelSize()[0], KW = c.getKernelSize()[1];
    std::vector<int64_t> taps(c.getTaps().getValues<int64_t>().begin(),
                              c.getTaps().getValues<int64_t>().end());
    std::vector<int64_t> filters;
    if (std::optional<ArrayRef<int64_t>> f = c.getFilters())
      filters.assign(f->begin(), f->end());
    else
      for (int64_t o = 0; o < O; ++o)
        filters.push_back(o);
    // Tap k of a group is column k of its filters' rows.
    std::vector<int64_t> column(taps.size() / 3);
    std::vector<int64_t> seen(G, 0);
    for (size_t t = 0; t < column.size(); ++t)
      column[t] = seen[taps[3 * t] / C]++;
    std::vector<float> dense(O * C * KH * KW, 0.0f);
    for (size_t r = 0; r < filters.size(); ++r) {
      const int64_t o = filters[r], g = o / (O / G);
      for (size_t t = 0; t < column.size(); ++t) {
        if (taps[3 * t] / C != g)
          continue;
        int64_t col =
            ((taps[3 * t] % C) * KH + taps[3 * t + 1]) * KW + taps[3 * t + 2];
        dense[o * C * KH * KW + col] = compact[r * T + column[t]];
      }
    }
    OpBuilder b(m.getContext());
    auto type = RankedTensorType::get({O, C, KH, KW}, b.getF32Type());
    b.setInsertionPoint(mainOf(m));
    auto global = ml_program::GlobalOp::create(
        b, c.getLoc(), (g.getSymName() + ".expanded").str(), type,
        /*is_mutable=*/false,
        DenseElementsAttr::get(type, llvm::ArrayRef<float>(dense)),
        b.getStringAttr("private"));
    symbols.insert(global);
    b.setInsertionPoint(c);
    Value w = ml_program::GlobalLoadConstOp::create(
        b, c.getLoc(), type, SymbolRefAttr::get(global.getSymNameAttr()));
    auto conv = ssl::Conv2dOp::create(b, c.getLoc(), c.getInput(), w,
                                      c.getBias(), c.getStrides(), c.getPads(),
                                      c.getDilations(), uint64_t(G));
    c.getOutput().replaceAllUsesWith(conv.getOutput());
    c.erase();
  }
}

} // namespace

FailureOr<Array> interpret(ModuleOp module, const Array &input) {
  OwningOpRef<ModuleOp> copy;
  bool rewrite = false;
  module.walk([&](Operation *op) {
    rewrite |= isa<ssl::ShapePrunedConv2dOp, ssl::DropoutOp>(op);
  });
  if (rewrite) {
    copy = module.clone();
    expandShapePrunedConvs(*copy);
    // Inference is the identity (the interpreter runs the training form).
    SmallVector<ssl::DropoutOp> dropouts;
    copy->walk([&](ssl::DropoutOp d) { dropouts.push_back(d); });
    for (ssl::DropoutOp d : dropouts) {
      d.getOutput().replaceAllUsesWith(d.getInput());
      d.erase();
    }
    module = *copy;
  }
  ReferenceInterpreter interpreter(module);
  FailureOr<std::vector<Array>> out = interpreter.run(mainOf(module), {input});
  if (failed(out) || out->size() != 1)
    return failure();
  return std::move((*out)[0]);
}

OwningOpRef<ModuleOp> prune(ModuleOp module, bool shapes,
                            std::string &diagnostics) {
  OwningOpRef<ModuleOp> pruned = module.clone();
  MLIRContext *ctx = module.getContext();
  ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  PassManager pm(ctx);
  PruningPipelineOptions options;
  options.shapes = shapes;
  buildPruningPipeline(pm, options);
  if (failed(pm.run(*pruned)))
    return nullptr;
  return pruned;
}

//===----------------------------------------------------------------------===//
// Structure
//===----------------------------------------------------------------------===//

double Structure::macs() const {
  double n = 0;
  for (const Layer &l : layers)
    n += l.macs;
  return n;
}

const Layer *Structure::find(const std::string &weight) const {
  for (const Layer &l : layers)
    if (l.weight == weight)
      return &l;
  return nullptr;
}

Structure structureOf(ModuleOp module) {
  Structure s;
  module.walk([&](ml_program::GlobalOp g) {
    s.parameters += cast<ShapedType>(g.getType()).getNumElements();
  });
  func::FuncOp fn = mainOf(module);
  if (!fn)
    return s;
  fn.walk([&](Operation *op) {
    if (op == fn.getOperation())
      return;
    ++s.opCounts[op->getName().getStringRef().str()];
    Layer l;
    if (auto c = dyn_cast<ssl::Conv2dOp>(op)) {
      auto w = c.getWeight().getType();
      l.op = "conv2d";
      l.filters = w.getDimSize(0);
      l.channels = w.getDimSize(1);
      l.taps = w.getDimSize(1) * w.getDimSize(2) * w.getDimSize(3);
      l.groups = static_cast<int64_t>(c.getGroups());
      l.bias = bool(c.getBias());
      l.macs = double(c.getOutput().getType().getNumElements()) * l.taps;
      l.weight = globalOf(c.getWeight())
                     ? globalOf(c.getWeight()).getSymName().str()
                     : "?";
    } else if (auto c = dyn_cast<ssl::ShapePrunedConv2dOp>(op)) {
      auto w = c.getWeight().getType();
      l.op = "shape_pruned_conv2d";
      l.groups = static_cast<int64_t>(c.getGroups());
      l.filters = w.getDimSize(0);
      l.channels = c.getInput().getType().getDimSize(1) / l.groups;
      l.taps = w.getDimSize(1);
      l.bias = bool(c.getBias());
      // Each computed filter multiplies the taps of its group.
      auto y = c.getOutput().getType();
      std::vector<int64_t> groupTaps(l.groups, 0);
      for (auto it = c.getTaps().getValues<int64_t>().begin(),
                end = c.getTaps().getValues<int64_t>().end();
           it != end; it += 3)
        ++groupTaps[*it / l.channels];
      const int64_t Og = y.getDimSize(1) / l.groups;
      std::vector<int64_t> computed;
      if (std::optional<ArrayRef<int64_t>> f = c.getFilters())
        computed.assign(f->begin(), f->end());
      else
        for (int64_t o = 0; o < y.getDimSize(1); ++o)
          computed.push_back(o);
      for (int64_t o : computed)
        l.macs +=
            double(y.getNumElements() / y.getDimSize(1)) * groupTaps[o / Og];
      l.weight = globalOf(c.getWeight())
                     ? globalOf(c.getWeight()).getSymName().str()
                     : "?";
    } else if (auto d = dyn_cast<ssl::DenseOp>(op)) {
      auto w = d.getWeight().getType();
      l.op = "dense";
      l.filters = w.getDimSize(0);
      l.channels = l.taps = w.getDimSize(1);
      l.bias = bool(d.getBias());
      l.macs = double(d.getOutput().getType().getNumElements()) * l.taps;
      l.weight = globalOf(d.getWeight())
                     ? globalOf(d.getWeight()).getSymName().str()
                     : "?";
    } else {
      return;
    }
    s.layers.push_back(l);
  });
  return s;
}

namespace {
std::string describe(const Layer &l) {
  std::ostringstream os;
  os << l.op << " " << l.weight << " [" << l.filters << " filters, "
     << l.channels << " channels, " << l.taps << " taps, groups " << l.groups
     << "]";
  return os.str();
}

/// BNs the fold pass merges: fed by a conv or dense layer they are the
/// only user of.
int64_t foldableBatchNorms(ModuleOp module) {
  int64_t n = 0;
  if (func::FuncOp fn = mainOf(module))
    fn.walk([&](ssl::BatchNormOp bn) {
      Operation *def = bn.getInput().getDefiningOp();
      if (def && isa<ssl::Conv2dOp, ssl::DenseOp>(def) &&
          bn.getInput().hasOneUse())
        ++n;
    });
  return n;
}
} // namespace

std::string structureDifference(const Structure &model,
                                const Structure &pruned) {
  std::ostringstream os;
  if (model.layers.size() != pruned.layers.size())
    os << model.layers.size() << " conv/dense layers before, "
       << pruned.layers.size() << " after\n";
  for (size_t i = 0; i < std::min(model.layers.size(), pruned.layers.size());
       ++i) {
    const Layer &a = model.layers[i], &b = pruned.layers[i];
    if (a.op != b.op || a.weight != b.weight || a.filters != b.filters ||
        a.channels != b.channels || a.taps != b.taps || a.groups != b.groups)
      os << "layer " << i << ": " << describe(a) << " became " << describe(b)
         << "\n";
  }
  return os.str();
}

std::string invariantViolations(ModuleOp model, const Structure &before,
                                const Structure &after) {
  std::ostringstream os;
  os << structureDifference(before, after);
  int64_t folded = foldableBatchNorms(model);
  std::set<std::string> names;
  for (auto &[n, c] : before.opCounts)
    names.insert(n);
  for (auto &[n, c] : after.opCounts)
    names.insert(n);
  auto count = [](const Structure &s, const std::string &n) -> int64_t {
    auto it = s.opCounts.find(n);
    return it == s.opCounts.end() ? 0 : it->second;
  };
  for (const std::string &n : names) {
    // A folded BN's four parameter loads go; a bias load may come.
    if (n.rfind("ml_program.global_load", 0) == 0)
      continue;
    int64_t want = count(before, n) - (n == "ssl.batch_norm" ? folded : 0);
    if (count(after, n) != want)
      os << n << ": " << count(before, n) << " before, " << count(after, n)
         << " after (expected " << want << ")\n";
  }
  return os.str();
}

std::string Removal::summary() const {
  std::ostringstream os;
  os << filters << " filters, " << channels << " channels, " << taps
     << " taps removed, " << layersGone << " layers gone; MACs "
     << (macsBefore > 0 ? 100.0 * macsAfter / macsBefore : 0.0) << "% left";
  return os.str();
}

Removal removalBetween(const Structure &model, const Structure &pruned) {
  Removal r;
  r.macsBefore = model.macs();
  r.macsAfter = pruned.macs();
  for (const Layer &a : model.layers) {
    const Layer *b = pruned.find(a.weight);
    if (!b) {
      ++r.layersGone;
      r.gone.push_back(a.weight);
      continue;
    }
    r.filters += a.filters - b->filters;
    r.channels += a.channels - b->channels;
    // Taps per filter removed beyond whole channels.
    int64_t perChannel = a.channels ? a.taps / a.channels : 0;
    r.taps += (a.taps - b->taps) - (a.channels - b->channels) * perChannel;
  }
  return r;
}

//===----------------------------------------------------------------------===//
// Random plans
//===----------------------------------------------------------------------===//

namespace {

struct Target {
  Operation *op;
  mutable ml_program::GlobalOp weight, bias;
  std::vector<int64_t> shape; // [O, C, KH, KW] or [M, K]
  int64_t groups = 1;
  bool conv = true;
};

/// Every conv and dense layer of main whose weight only it reads.
std::vector<Target> targetsOf(ModuleOp m) {
  std::vector<Target> out;
  std::map<std::string, int> uses;
  func::FuncOp fn = mainOf(m);
  fn.walk([&](Operation *op) {
    for (Value v : op->getOperands())
      if (ml_program::GlobalOp g = globalOf(v))
        ++uses[g.getSymName().str()];
  });
  fn.walk([&](Operation *op) {
    Target t{op, {}, {}, {}, 1, true};
    if (auto c = dyn_cast<ssl::Conv2dOp>(op)) {
      t.weight = globalOf(c.getWeight());
      t.bias = globalOf(c.getBias());
      t.groups = static_cast<int64_t>(c.getGroups());
    } else if (auto d = dyn_cast<ssl::DenseOp>(op)) {
      t.weight = globalOf(d.getWeight());
      t.bias = globalOf(d.getBias());
      t.conv = false;
    } else {
      return;
    }
    if (!t.weight || uses[t.weight.getSymName().str()] != 1)
      return;
    t.shape = shapeOfGlobal(t.weight);
    out.push_back(t);
  });
  return out;
}

bool isResult(Value v) {
  for (Operation *user : v.getUsers())
    if (isa<func::ReturnOp>(user))
      return true;
  return false;
}

/// Whether a channel that is exactly zero in `v` reaches only layers that
/// ignore it: groups = 1 convs and dense layers, through ops that keep a
/// zero channel zero (ReLU, clip at 0, pooling, dropout, flatten). Then its
/// producer must lose the filter.
bool zeroReachesOnlyLayers(Value v, int depth = 0) {
  if (v.use_empty() || isResult(v) || depth > 8)
    return false;
  for (Operation *user : v.getUsers()) {
    if (auto c = dyn_cast<ssl::Conv2dOp>(user)) {
      if (c.getGroups() != 1 || c.getInput() != v)
        return false;
      continue;
    }
    if (auto d = dyn_cast<ssl::DenseOp>(user)) {
      if (d.getInput() != v)
        return false;
      continue;
    }
    llvm::StringRef name = user->getName().getStringRef();
    if (name == "ssl.relu" || name == "ssl.max_pool2d" ||
        name == "ssl.avg_pool2d" || name == "ssl.dropout" ||
        name == "ssl.flatten") {
      if (!zeroReachesOnlyLayers(user->getResult(0), depth + 1))
        return false;
      continue;
    }
    return false;
  }
  return true;
}

/// "3 (0, 5, 7)", or the count and the first indices when there are many.
std::string listed(const std::vector<int64_t> &v) {
  std::ostringstream os;
  os << v.size() << " (";
  for (size_t i = 0; i < v.size() && i < 8; ++i)
    os << (i ? ", " : "") << v[i];
  os << (v.size() > 8 ? ", ...)" : ")");
  return os.str();
}

/// Where the output of zeroed filter `o` of `t` is known to be exactly
/// zero: the layer's output when it has no bias and no BN, else after
/// conv [-> BN] -> ReLU (or clip at 0), single uses, when the constant the
/// filter leaves (bias and BN shift) is negative.
std::optional<Value> zeroAfter(const Target &t, int64_t o) {
  Value v = t.op->getResult(0);
  double c = t.bias ? valuesOf(t.bias)[o] : 0.0;
  bool exact = !t.bias;
  if (isResult(v) || !v.hasOneUse())
    return exact ? std::optional<Value>(v) : std::nullopt;
  Operation *user = *v.getUsers().begin();
  if (auto bn = dyn_cast<ssl::BatchNormOp>(user)) {
    auto at = [&](Value p) {
      ml_program::GlobalOp g = globalOf(p);
      return g ? std::optional<double>(valuesOf(g)[o]) : std::nullopt;
    };
    auto gamma = at(bn.getGamma()), beta = at(bn.getBeta()),
         mean = at(bn.getMean()), var = at(bn.getVariance());
    if (!gamma || !beta || !mean || !var)
      return std::nullopt;
    double eps = bn.getEpsilon().convertToDouble();
    c = (c - *mean) * *gamma / std::sqrt(*var + eps) + *beta;
    exact = false;
    v = bn.getOutput();
    if (isResult(v) || !v.hasOneUse())
      return std::nullopt;
    user = *v.getUsers().begin();
  }
  if (exact)
    return v;
  llvm::StringRef name = user->getName().getStringRef();
  bool clampsAtZero = name == "ssl.relu";
  if (name == "ssl.clip")
    if (auto min = user->getAttrOfType<FloatAttr>("min"))
      clampsAtZero = min.getValueAsDouble() == 0.0;
  // Margin: the fold computes the shift in f32.
  if (!clampsAtZero || c > -1e-4)
    return std::nullopt;
  return user->getResult(0);
}

/// The producer [conv or dense] of `v` when every op from it to `v` has a
/// single user and keeps channels apart (BN, ReLU, clip, pooling, dropout).
Operation *privateProducer(Value v) {
  for (int depth = 0; depth < 8; ++depth) {
    if (!v.hasOneUse() || isResult(v))
      return nullptr;
    Operation *def = v.getDefiningOp();
    if (!def)
      return nullptr;
    if (auto c = dyn_cast<ssl::Conv2dOp>(def))
      return c.getGroups() == 1 ? def : nullptr;
    if (isa<ssl::DenseOp>(def))
      return def;
    llvm::StringRef name = def->getName().getStringRef();
    if (name != "ssl.batch_norm" && name != "ssl.relu" && name != "ssl.clip" &&
        name != "ssl.max_pool2d" && name != "ssl.avg_pool2d" &&
        name != "ssl.dropout")
      return nullptr;
    v = def->getOperand(0);
  }
  return nullptr;
}

/// The conv or dense layer whose output reaches `v` through one BN at most
/// (and a per-channel scale).
Operation *layerFeeding(Value v) {
  Operation *def = v.getDefiningOp();
  // ConvNeXt's layer scale: a product by a parameter before the add.
  if (auto mul = dyn_cast_or_null<ssl::MulOp>(def))
    if (v.hasOneUse() && globalOf(mul.getRhs()))
      def = mul.getLhs().getDefiningOp(), v = mul.getLhs();
  if (def && isa<ssl::BatchNormOp>(def) && v.hasOneUse())
    def = def->getOperand(0).getDefiningOp();
  if (def && isa<ssl::Conv2dOp>(def) && def->getResult(0).hasOneUse())
    return def;
  return nullptr;
}

} // namespace

PlanResult applyRandomPlan(ModuleOp module, unsigned kinds, double fraction,
                           uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  PlanResult plan;
  std::ostringstream desc;
  std::vector<Target> targets = targetsOf(module);
  std::map<Operation *, size_t> index;
  for (size_t i = 0; i < targets.size(); ++i)
    index[targets[i].op] = i;
  std::vector<std::vector<float>> w(targets.size());
  std::vector<bool> touched(targets.size(), false);
  auto weights = [&](size_t i) -> std::vector<float> & {
    if (!touched[i]) {
      w[i] = valuesOf(targets[i].weight);
      touched[i] = true;
    }
    return w[i];
  };
  auto pick = [&](std::vector<size_t> eligible) {
    std::shuffle(eligible.begin(), eligible.end(), rng);
    size_t n = std::max<size_t>(1, std::lround(fraction * eligible.size()));
    eligible.resize(std::min(n, eligible.size()));
    std::sort(eligible.begin(), eligible.end());
    return eligible;
  };
  /// About a quarter of [0, n), at least one, never all.
  auto some = [&](int64_t n) {
    std::vector<int64_t> out;
    for (int64_t i = 0; i < n; ++i)
      if (coin(rng) < 0.25)
        out.push_back(i);
    if (out.empty())
      out.push_back(std::uniform_int_distribution<int64_t>(0, n - 1)(rng));
    if (int64_t(out.size()) == n)
      out.pop_back();
    return out;
  };

  if (kinds & kDepth) {
    // The last conv of a branch feeding a residual add, zeroed whole.
    std::vector<size_t> eligible;
    mainOf(module).walk([&](ssl::AddOp add) {
      for (Value operand : {add.getLhs(), add.getRhs()})
        if (Operation *conv = layerFeeding(operand))
          if (index.count(conv))
            eligible.push_back(index[conv]);
    });
    std::sort(eligible.begin(), eligible.end());
    eligible.erase(std::unique(eligible.begin(), eligible.end()),
                   eligible.end());
    if (!eligible.empty())
      for (size_t i : pick(eligible)) {
        std::fill(weights(i).begin(), weights(i).end(), 0.0f);
        desc << "layer " << targets[i].weight.getSymName().str() << "; ";
        ++plan.groupsZeroed;
      }
  }
  if (kinds & kFilters) {
    std::vector<size_t> eligible;
    for (size_t i = 0; i < targets.size(); ++i)
      if (targets[i].shape[0] > 1)
        eligible.push_back(i);
    for (size_t i : pick(eligible)) {
      const Target &t = targets[i];
      int64_t O = t.shape[0], inner = t.shape[1];
      for (size_t d = 2; d < t.shape.size(); ++d)
        inner *= t.shape[d];
      std::vector<int64_t> filters = some(O);
      desc << t.weight.getSymName().str() << " " << listed(filters)
           << " filters; ";
      for (int64_t o : filters) {
        std::fill(weights(i).begin() + o * inner,
                  weights(i).begin() + (o + 1) * inner, 0.0f);
        ++plan.groupsZeroed;
      }
    }
  }
  if (kinds & kChannels) {
    std::vector<size_t> eligible;
    for (size_t i = 0; i < targets.size(); ++i)
      if (targets[i].groups == 1 && targets[i].shape[1] > 1)
        eligible.push_back(i);
    for (size_t i : pick(eligible)) {
      const Target &t = targets[i];
      int64_t O = t.shape[0], C = t.shape[1], inner = 1;
      for (size_t d = 2; d < t.shape.size(); ++d)
        inner *= t.shape[d];
      std::vector<int64_t> channels = some(C);
      desc << t.weight.getSymName().str() << " " << listed(channels)
           << " channels; ";
      for (int64_t c : channels) {
        for (int64_t o = 0; o < O; ++o)
          std::fill(weights(i).begin() + (o * C + c) * inner,
                    weights(i).begin() + (o * C + c + 1) * inner, 0.0f);
        ++plan.groupsZeroed;
      }
    }
  }
  if (kinds & kShapes) {
    std::vector<size_t> eligible;
    for (size_t i = 0; i < targets.size(); ++i)
      if (targets[i].conv && targets[i].groups == 1 &&
          targets[i].shape[1] * targets[i].shape[2] * targets[i].shape[3] > 1)
        eligible.push_back(i);
    for (size_t i : pick(eligible)) {
      const Target &t = targets[i];
      int64_t O = t.shape[0], cols = t.shape[1] * t.shape[2] * t.shape[3];
      std::vector<int64_t> columns = some(cols);
      for (int64_t col : columns)
        for (int64_t o = 0; o < O; ++o)
          weights(i)[o * cols + col] = 0.0f;
      plan.groupsZeroed += columns.size();
      desc << t.weight.getSymName().str() << " " << listed(columns)
           << " shape columns; ";
    }
  }
  for (size_t i = 0; i < targets.size(); ++i)
    if (touched[i])
      store(targets[i].weight, w[i]);
  plan.description = desc.str();
  return plan;
}

std::vector<MustRemove> requiredRemovals(ModuleOp module) {
  std::vector<MustRemove> must;
  std::vector<Target> targets = targetsOf(module);
  std::map<Operation *, size_t> index;
  for (size_t i = 0; i < targets.size(); ++i)
    index[targets[i].op] = i;
  std::set<Operation *> feedsAdd;
  mainOf(module).walk([&](ssl::AddOp add) {
    for (Value operand : {add.getLhs(), add.getRhs()})
      if (Operation *conv = layerFeeding(operand))
        feedsAdd.insert(conv);
  });
  for (const Target &t : targets) {
    std::vector<float> w = valuesOf(t.weight);
    std::string name = t.weight.getSymName().str();
    int64_t O = t.shape[0], C = t.shape[1], inner = 1;
    for (size_t d = 2; d < t.shape.size(); ++d)
      inner *= t.shape[d];
    auto zero = [&](auto &&indexOf, int64_t n) {
      for (int64_t i = 0; i < n; ++i)
        if (w[indexOf(i)] != 0.0f)
          return false;
      return true;
    };
    if (zero([](int64_t i) { return i; }, int64_t(w.size()))) {
      if (feedsAdd.count(t.op))
        must.push_back({MustRemove::Layer, name, 0});
      continue;
    }
    if (t.groups != 1)
      continue;
    for (int64_t o = 0; o < O; ++o)
      if (zero([&](int64_t i) { return o * C * inner + i; }, C * inner))
        if (std::optional<Value> z = zeroAfter(t, o))
          if (zeroReachesOnlyLayers(*z))
            must.push_back({MustRemove::Filter, name, o});
    Operation *producer = privateProducer(t.op->getOperand(0));
    for (int64_t c = 0; c < C; ++c)
      if (producer && index.count(producer) &&
          targets[index[producer]].shape[0] == C &&
          zero(
              [&](int64_t i) {
                return (i / inner * C + c) * inner + i % inner;
              },
              O * inner))
        must.push_back({MustRemove::Filter,
                        targets[index[producer]].weight.getSymName().str(), c});
    if (t.conv)
      for (int64_t col = 0; col < C * inner; ++col)
        if (zero([&](int64_t o) { return o * C * inner + col; }, O)) {
          must.push_back({MustRemove::Taps, name, 0});
          break;
        }
  }
  return must;
}

std::string missedRemovals(const std::vector<MustRemove> &must,
                           const Structure &model, const Structure &pruned) {
  std::ostringstream os;
  std::map<std::string, std::set<int64_t>> filters;
  std::set<std::string> taps, layers;
  for (const MustRemove &m : must) {
    if (m.what == MustRemove::Filter)
      filters[m.weight].insert(m.index);
    else if (m.what == MustRemove::Taps)
      taps.insert(m.weight);
    else
      layers.insert(m.weight);
  }
  for (const auto &[weight, which] : filters) {
    const Layer *a = model.find(weight), *b = pruned.find(weight);
    if (a && b && a->filters - b->filters < int64_t(which.size()))
      os << weight << ": " << which.size()
         << " dead filters must go, but it went from " << a->filters << " to "
         << b->filters << " filters\n";
  }
  for (const std::string &weight : taps) {
    const Layer *a = model.find(weight), *b = pruned.find(weight);
    if (a && b && b->taps >= a->taps)
      os << weight << ": zero shape columns must go, but it keeps " << b->taps
         << " of " << a->taps << " taps\n";
  }
  for (const std::string &weight : layers)
    if (pruned.find(weight))
      os << weight << ": a zero layer feeding a residual add must be folded, "
         << "but it is still computed\n";
  return os.str();
}

void randomizeParameters(ModuleOp module, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uni(-1.0, 1.0);
  module.walk([&](ml_program::GlobalOp g) {
    auto type = dyn_cast<RankedTensorType>(g.getType());
    if (!type || !type.getElementType().isF32())
      return;
    std::vector<float> v(type.getNumElements());
    bool variance = g.getSymName().ends_with("running_var");
    for (float &x : v)
      x = variance ? 0.5f + std::fabs(float(uni(rng))) : float(uni(rng)) * 0.5f;
    store(g, v);
  });
}

} // namespace sslc::test
