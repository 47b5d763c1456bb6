//===- PruningExactnessTest.cpp - pruned networks compute the same thing --===//
//
// For every zoo model (frontends/Zoo.h):
//  - Halide, unpruned and pruned, computes what the double-precision
//    reference interpreter computes on the unpruned network;
//  - ssl-prune on a dense random network (no zero group) changes nothing:
//    same layers and shapes, same outputs, in the interpreter and through
//    Halide (resnet56 is the repro of a dangling pointer into a growing
//    parameter cache that changed its output by 66%);
//  - random plans of every group kind (filters whose bias keeps them
//    constant, dead filters, channels, filter-shape columns, dense rows and
//    columns, whole layers feeding residual adds): pruned == unpruned, and
//    the groups that must go are gone;
//  - grouped and depthwise convolutions with random zero taps per group and
//    random zero filters, the last layer the network's result: no zero tap
//    and no zero filter is computed, and Halide on the pruned network
//    matches the unpruned one.
//
//===----------------------------------------------------------------------===//
#include "NetworkHarness.h"
#include "PruningHarness.h"
#include "TestUtil.h"
#include "codegen/Codegen.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "passes/Pipelines/Pipelines.h"
#include "frontends/Zoo.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"

#include <chrono>
#include <gtest/gtest.h>
#include <random>
#include <set>

using namespace mlir;
using namespace sslc;
using test::Array;

namespace {

/// Halide (f32) against the interpreter (f64): relative L2 error of the
/// output. f32 sums of up to ~10^4 terms of random signs (fc6 of alexnet)
/// stay near 1e-6; a wrong tap or channel is far above.
constexpr double kHalideVsReference = 1e-5;
/// Pruned against unpruned, both in the interpreter: only the f32 rounding
/// of the parameters the pipeline computes (folded BN, folded constants).
constexpr double kPrunedVsUnpruned = 1e-5;

Array toArray(const Tensor &t) {
  Array a(t.shape);
  for (size_t i = 0; i < t.data.size(); ++i)
    a.data[i] = t.data[i];
  return a;
}

Tensor toTensor(const Array &a) {
  Tensor t(a.shape);
  for (size_t i = 0; i < a.data.size(); ++i)
    t.data[i] = static_cast<float>(a.data[i]);
  return t;
}

std::vector<int64_t> inputShapeOf(ModuleOp m) {
  auto fn = m.lookupSymbol<func::FuncOp>("main");
  auto type = cast<RankedTensorType>(fn.getArgumentTypes()[0]);
  return std::vector<int64_t>(type.getShape());
}

/// The inference pipeline, then Halide JIT, on a copy of `m`; adds the
/// seconds it took to `seconds`.
FailureOr<Array>
runHalide(ModuleOp m, const Array &x, std::string &error, double &seconds,
          int maxStagesPerPipeline =
              codegen::TrainStepOptions::kTrainStagesPerPipeline) {
  auto start = std::chrono::steady_clock::now();
  llvm::scope_exit done([&] {
    seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
  });
  OwningOpRef<ModuleOp> copy = m.clone();
  PassManager pm(m.getContext());
  buildInferencePipeline(pm, InferencePipelineOptions());
  if (failed(pm.run(*copy))) {
    error = "the inference pipeline failed";
    return failure();
  }
  // Split as training does: deep networks compile in a fraction of the
  // time of one pipeline.
  codegen::CompileOptions options;
  options.maxStagesPerPipeline = maxStagesPerPipeline;
  auto exe = codegen::Executable::compile(*copy, options);
  if (failed(exe)) {
    error = "Halide compilation failed";
    return failure();
  }
  Tensor in = toTensor(x), y;
  if (!(*exe)->run({&in}, {&y}, error))
    return failure();
  return toArray(y);
}

struct Plan {
  double filters = 0.3;    // zero filters / dense rows
  double deadBias = 0.5;   // of those, also zero the bias entry
  double channels = 0.25;  // zero conv channels / dense columns
  double shapes = 0.2;     // zero (c, kh, kw) columns
  double wholeLayer = 0.0; // zero an entire conv weight
};

int64_t parameterElements(ModuleOp m) {
  int64_t n = 0;
  m.walk([&](ml_program::GlobalOp g) {
    n += cast<ShapedType>(g.getType()).getNumElements();
  });
  return n;
}

/// Random parameters (BN variances positive), then the plan's zeros.
void randomizeAndZero(ModuleOp m, const Plan &plan, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> uni(-1.0f, 1.0f);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::map<std::string, ml_program::GlobalOp> globals;
  m.walk([&](ml_program::GlobalOp g) { globals[g.getSymName().str()] = g; });
  auto valuesOf = [](ml_program::GlobalOp g) {
    auto d = cast<DenseElementsAttr>(*g.getValue());
    return std::vector<float>(d.getValues<float>().begin(),
                              d.getValues<float>().end());
  };
  auto store = [](ml_program::GlobalOp g, const std::vector<float> &v) {
    g.setValueAttr(DenseElementsAttr::get(cast<RankedTensorType>(g.getType()),
                                          llvm::ArrayRef<float>(v)));
  };
  for (auto &[name, g] : globals) {
    std::vector<float> v = valuesOf(g);
    bool variance = llvm::StringRef(name).ends_with("running_var");
    for (float &x : v)
      x = variance ? 0.5f + std::fabs(uni(rng)) : uni(rng) * 0.5f;
    store(g, v);
  }
  for (auto &[name, g] : globals) {
    if (!llvm::StringRef(name).ends_with(".weight"))
      continue;
    auto shape = cast<RankedTensorType>(g.getType()).getShape();
    if (shape.size() != 2 && shape.size() != 4)
      continue; // BN gammas
    std::vector<float> w = valuesOf(g);
    const int64_t O = shape[0], C = shape[1];
    const int64_t inner = shape.size() == 4 ? shape[2] * shape[3] : 1;
    std::string base = name.substr(0, name.size() - 7);
    auto bias = globals.find(base + ".bias");
    std::vector<float> b;
    if (bias != globals.end())
      b = valuesOf(bias->second);
    if (coin(rng) < plan.wholeLayer && shape.size() == 4) {
      std::fill(w.begin(), w.end(), 0.0f);
    }
    for (int64_t o = 0; o < O; ++o)
      if (coin(rng) < plan.filters) {
        std::fill(w.begin() + o * C * inner, w.begin() + (o + 1) * C * inner,
                  0.0f);
        if (!b.empty() && coin(rng) < plan.deadBias)
          b[o] = 0.0f;
      }
    for (int64_t c = 0; c < C; ++c)
      if (coin(rng) < plan.channels)
        for (int64_t o = 0; o < O; ++o)
          for (int64_t i = 0; i < inner; ++i)
            w[(o * C + c) * inner + i] = 0.0f;
    if (shape.size() == 4)
      for (int64_t col = 0; col < C * inner; ++col)
        if (coin(rng) < plan.shapes)
          for (int64_t o = 0; o < O; ++o)
            w[o * C * inner + col] = 0.0f;
    store(g, w);
    if (!b.empty())
      store(bias->second, b);
  }
}

std::vector<float> runModel(ModuleOp m, const Tensor &x) {
  auto exe = codegen::Executable::compile(m, {});
  EXPECT_TRUE(succeeded(exe));
  if (failed(exe))
    return {};
  Tensor y;
  std::string error;
  EXPECT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  return y.data;
}

struct Case {
  std::string model;
  std::vector<int64_t> sample;
  Plan plan;
  uint64_t seed;
  std::string label;
};

void PrintTo(const Case &c, std::ostream *os) { *os << c.label; }

class PruningExactness : public ::testing::TestWithParam<Case> {};

TEST_P(PruningExactness, SameOutputsSmallerModel) {
  const Case &c = GetParam();
  MLIRContext ctx;
  std::string diagnostics;
  ctx.getDiagEngine().registerHandler([&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  ZooOptions zoo;
  zoo.batch = 2;
  zoo.sampleShape = c.sample;
  OwningOpRef<ModuleOp> model = buildZooModel(&ctx, c.model, zoo);
  ASSERT_TRUE(model);
  randomizeAndZero(*model, c.plan, c.seed);
  std::vector<test::MustRemove> must = test::requiredRemovals(*model);

  OwningOpRef<ModuleOp> pruned = model->clone();
  if (std::getenv("SSLC_DUMP_PRUNED")) {
    std::error_code ec;
    llvm::raw_fd_ostream os(std::getenv("SSLC_DUMP_PRUNED"), ec);
    model->print(os);
  }
  PassManager pm(&ctx);
  buildPruningPipeline(pm, PruningPipelineOptions());
  buildInferencePipeline(pm, InferencePipelineOptions());
  ASSERT_TRUE(succeeded(pm.run(*pruned))) << diagnostics;
  ASSERT_TRUE(succeeded(verify(*pruned))) << diagnostics;
  PassManager plain(&ctx);
  buildInferencePipeline(plain, InferencePipelineOptions());
  ASSERT_TRUE(succeeded(plain.run(*model)));

  int64_t before = parameterElements(*model),
          after = parameterElements(*pruned);
  EXPECT_LT(after, before) << "nothing was removed";
  EXPECT_EQ(test::missedRemovals(must, test::structureOf(*model),
                                 test::structureOf(*pruned)),
            "");

  auto fn = (*model).lookupSymbol<func::FuncOp>("main");
  auto inType = cast<RankedTensorType>(fn.getArgumentTypes()[0]);
  Tensor x(
      std::vector<int64_t>(inType.getShape().begin(), inType.getShape().end()));
  x.data = test::randomValues(x.numElements(), c.seed + 7);
  std::vector<float> want = runModel(*model, x);
  std::vector<float> got = runModel(*pruned, x);
  ASSERT_EQ(got.size(), want.size());
  double scale = 0;
  for (float v : want)
    scale = std::max(scale, double(std::fabs(v)));
  ASSERT_GT(scale, 0.0);
  for (size_t i = 0; i < want.size(); ++i)
    ASSERT_LE(std::fabs(got[i] - want[i]), 1e-5 * scale)
        << "output " << i << ": pruned " << got[i] << ", unpruned " << want[i];

  // Both against the double reference on the unpruned network, and the
  // pruned network in the reference too.
  FailureOr<Array> reference = test::interpret(*model, toArray(x));
  ASSERT_TRUE(succeeded(reference)) << diagnostics;
  FailureOr<Array> prunedReference = test::interpret(*pruned, toArray(x));
  ASSERT_TRUE(succeeded(prunedReference)) << diagnostics;
  EXPECT_LE(test::relativeError(prunedReference->data, reference->data),
            kPrunedVsUnpruned);
  EXPECT_LE(test::relativeError(std::vector<double>(want.begin(), want.end()),
                                reference->data),
            kHalideVsReference)
      << "Halide, unpruned";
  EXPECT_LE(test::relativeError(std::vector<double>(got.begin(), got.end()),
                                reference->data),
            kHalideVsReference)
      << "Halide, pruned";
}

Plan filtersOnly() {
  Plan p;
  p.channels = 0;
  p.shapes = 0;
  return p;
}
Plan channelsOnly() {
  Plan p;
  p.filters = 0;
  p.shapes = 0;
  return p;
}
Plan shapesOnly() {
  Plan p;
  p.filters = 0;
  p.channels = 0;
  return p;
}
Plan depth() {
  Plan p;
  p.filters = 0.1;
  p.channels = 0;
  p.shapes = 0;
  p.wholeLayer = 0.3;
  return p;
}

std::vector<Case> cases() {
  std::vector<Case> all;
  struct Model {
    std::string name;
    std::vector<int64_t> sample;
  };
  for (const Model &m :
       std::vector<Model>{{"lenet", {}}, {"mlp", {}}, {"convnet", {}}}) {
    all.push_back({m.name, m.sample, Plan(), 1, m.name + "_mixed"});
    all.push_back({m.name, m.sample, filtersOnly(), 2, m.name + "_filters"});
    all.push_back({m.name, m.sample, channelsOnly(), 3, m.name + "_channels"});
    if (m.name != "mlp")
      all.push_back({m.name, m.sample, shapesOnly(), 4, m.name + "_shapes"});
  }
  // ResNets compile slowly (20 layers); one mixed plan and one with whole
  // zeroed layers cover BN, residual adds and projection shortcuts.
  all.push_back({"resnet20", {1, 28, 28}, Plan(), 1, "resnet20_mixed"});
  all.push_back({"resnet20", {1, 28, 28}, depth(), 5, "resnet20_depth"});
  return all;
}

INSTANTIATE_TEST_SUITE_P(Zoo, PruningExactness, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case> &info) {
                           return info.param.label;
                         });

//===----------------------------------------------------------------------===//
// Every zoo model: Halide against the reference, and the dense invariant
//===----------------------------------------------------------------------===//

class ZooModel : public ::testing::TestWithParam<std::string> {
protected:
  ZooModel() {
    ctx.getDiagEngine().registerHandler([this](Diagnostic &d) {
      diagnostics += d.str() + "\n";
      return success();
    });
  }

  /// The zoo model at batch 2 with seeded random parameters (non-trivial
  /// BN statistics), no zero group.
  OwningOpRef<ModuleOp> build(uint64_t seed) {
    ZooOptions zoo;
    zoo.batch = 2;
    OwningOpRef<ModuleOp> m = buildZooModel(&ctx, GetParam(), zoo);
    if (m)
      test::randomizeParameters(*m, seed);
    return m;
  }

  MLIRContext ctx;
  std::string diagnostics;
};

TEST_P(ZooModel, DenseNetworkPrunesToItselfAndHalideMatchesReference) {
  OwningOpRef<ModuleOp> model = build(11);
  ASSERT_TRUE(model) << diagnostics;
  Array x = test::randomArray(inputShapeOf(*model), 12);
  FailureOr<Array> reference = test::interpret(*model, x);
  ASSERT_TRUE(succeeded(reference)) << diagnostics;

  std::string error;
  double halideSeconds = 0, pruneSeconds = 0;

  auto start = std::chrono::steady_clock::now();
  OwningOpRef<ModuleOp> pruned = test::prune(*model, true, diagnostics);
  pruneSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(pruned) << diagnostics;
  test::Structure before = test::structureOf(*model),
                  after = test::structureOf(*pruned);
  EXPECT_EQ(test::invariantViolations(*model, before, after), "")
      << "ssl-prune changed a network with no zero group";
  FailureOr<Array> prunedReference = test::interpret(*pruned, x);
  ASSERT_TRUE(succeeded(prunedReference)) << diagnostics;
  EXPECT_LE(test::relativeError(prunedReference->data, reference->data),
            kPrunedVsUnpruned)
      << "pruned against unpruned, in the reference";
  FailureOr<Array> prunedHalide = runHalide(*pruned, x, error, halideSeconds);
  ASSERT_TRUE(succeeded(prunedHalide)) << error << "\n" << diagnostics;
  EXPECT_LE(test::relativeError(prunedHalide->data, reference->data),
            kHalideVsReference)
      << "Halide on the pruned network against the reference";
  std::cout << GetParam() << ": Halide compile and run " << halideSeconds
            << " s, ssl-prune " << pruneSeconds << " s\n";
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooModel, ::testing::ValuesIn(zooModelNames()),
                         [](const ::testing::TestParamInfo<std::string> &i) {
                           return i.param;
                         });

//===----------------------------------------------------------------------===//
// Random plans of every group kind on every zoo model (reference only)
//===----------------------------------------------------------------------===//

struct PlanCase {
  std::string model;
  unsigned kinds;
  std::string label;
  /// Plans drawn (each prunes once: about a second on resnet56).
  uint64_t seeds;
};

void PrintTo(const PlanCase &c, std::ostream *os) { *os << c.label; }

class ZooRandomPlan : public ::testing::TestWithParam<PlanCase> {};

TEST_P(ZooRandomPlan, PrunedEqualsUnprunedAndMustGroupsGo) {
  const PlanCase &c = GetParam();
  MLIRContext ctx;
  std::string diagnostics;
  ctx.getDiagEngine().registerHandler([&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  ZooOptions zoo;
  zoo.batch = 2;
  // CaffeNet's layers at 67x67 (1x1 before fc6): the same groups, a
  // twelfth of the interpreter's work at 227x227.
  if (c.model == "alexnet")
    zoo.sampleShape = {3, 67, 67};
  OwningOpRef<ModuleOp> model = buildZooModel(&ctx, c.model, zoo);
  ASSERT_TRUE(model) << diagnostics;
  test::randomizeParameters(*model, 21);
  int64_t removed = 0, mustTotal = 0;
  for (uint64_t seed = 0; seed < c.seeds; ++seed) {
    OwningOpRef<ModuleOp> m = model->clone();
    test::PlanResult plan =
        test::applyRandomPlan(*m, c.kinds, 0.4, 100 * c.kinds + seed);
    SCOPED_TRACE("plan: " + plan.description);
    ASSERT_GT(plan.groupsZeroed, 0);
    std::vector<test::MustRemove> must = test::requiredRemovals(*m);
    mustTotal += must.size();
    Array x = test::randomArray(inputShapeOf(*m), 31 + seed);
    FailureOr<Array> want = test::interpret(*m, x);
    ASSERT_TRUE(succeeded(want)) << diagnostics;
    OwningOpRef<ModuleOp> pruned = test::prune(*m, true, diagnostics);
    ASSERT_TRUE(pruned) << diagnostics;
    FailureOr<Array> got = test::interpret(*pruned, x);
    ASSERT_TRUE(succeeded(got)) << diagnostics;
    EXPECT_LE(test::relativeError(got->data, want->data), kPrunedVsUnpruned);
    test::Structure before = test::structureOf(*m),
                    after = test::structureOf(*pruned);
    EXPECT_EQ(test::missedRemovals(must, before, after), "");
    test::Removal r = test::removalBetween(before, after);
    removed += r.filters + r.channels + r.taps + r.layersGone;
    std::cout << c.label << " seed " << seed << ": " << must.size() << " must, "
              << r.summary() << "\n";
  }
  // Shape columns and zeroed residual layers are always removable; the
  // other kinds are where the plan made a group provably dead.
  if (c.kinds == test::kShapes || c.kinds == test::kDepth) {
    EXPECT_GT(mustTotal, 0);
  }
  if (mustTotal > 0) {
    EXPECT_GT(removed, 0) << "the pipeline removed nothing";
  }
}

std::vector<PlanCase> planCases() {
  std::vector<PlanCase> all;
  for (const std::string &m : zooModelNames()) {
    bool residual = llvm::StringRef(m).starts_with("resnet");
    bool conv = m != "mlp";
    uint64_t seeds = 3;
    all.push_back({m, test::kFilters, m + "_filters", seeds});
    all.push_back({m, test::kChannels, m + "_channels", seeds});
    if (conv)
      all.push_back({m, test::kShapes, m + "_shapes", seeds});
    if (residual)
      all.push_back({m, test::kDepth, m + "_depth", seeds});
    all.push_back({m, test::kAllKinds, m + "_all", seeds});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Zoo, ZooRandomPlan, ::testing::ValuesIn(planCases()),
                         [](const ::testing::TestParamInfo<PlanCase> &i) {
                           return i.param.label;
                         });

} // namespace

namespace {

/// The harness fails a pipeline that silently removes nothing, and an
/// invariant check that a changed structure breaks.
TEST(PruningHarness, CatchesGroupsLeftInPlaceAndChangedStructure) {
  MLIRContext ctx;
  std::string diagnostics;
  ctx.getDiagEngine().registerHandler([&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  ZooOptions zoo;
  zoo.batch = 2;
  OwningOpRef<ModuleOp> model = buildZooModel(&ctx, "lenet", zoo);
  ASSERT_TRUE(model) << diagnostics;
  test::randomizeParameters(*model, 5);

  // Shape columns: the pipeline without its shape step keeps them.
  OwningOpRef<ModuleOp> shapes = model->clone();
  test::applyRandomPlan(*shapes, test::kShapes, 1.0, 6);
  std::vector<test::MustRemove> must = test::requiredRemovals(*shapes);
  ASSERT_FALSE(must.empty());
  OwningOpRef<ModuleOp> kept = test::prune(*shapes, false, diagnostics);
  ASSERT_TRUE(kept) << diagnostics;
  test::Structure before = test::structureOf(*shapes);
  EXPECT_NE(test::missedRemovals(must, before, test::structureOf(*kept)), "");
  OwningOpRef<ModuleOp> pruned = test::prune(*shapes, true, diagnostics);
  ASSERT_TRUE(pruned) << diagnostics;
  test::Structure after = test::structureOf(*pruned);
  EXPECT_EQ(test::missedRemovals(must, before, after), "");
  // ... and a pruned network is not the same structure.
  EXPECT_NE(test::invariantViolations(*shapes, before, after), "");

  // Input channels nobody else reads: an unchanged network misses them.
  OwningOpRef<ModuleOp> channels = model->clone();
  test::applyRandomPlan(*channels, test::kChannels, 1.0, 7);
  must = test::requiredRemovals(*channels);
  ASSERT_FALSE(must.empty());
  test::Structure same = test::structureOf(*channels);
  EXPECT_NE(test::missedRemovals(must, same, same), "");
}

} // namespace

//===----------------------------------------------------------------------===//
// Grouped and depthwise convolutions: per-group taps and filters, Halide
//===----------------------------------------------------------------------===//

namespace {

struct GroupedCase {
  std::string label;
  std::vector<int64_t> input;
  /// Builds the network on the input.
  test::BodyFn body;
  uint64_t seed;
};

void PrintTo(const GroupedCase &c, std::ostream *os) { *os << c.label; }

/// Zeroes, in every conv weight and per group, random filter-shape columns
/// W[group's filters, c, kh, kw] (at least one per group, never all) and
/// random filters (a zero filter keeps its bias, half the time zero);
/// returns, per weight, the multiply-adds a run must do on what is left:
/// N·OH·OW × the live taps of each live filter's group.
std::map<std::string, double> zeroPerGroup(ModuleOp m, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::map<std::string, double> macs;
  m.walk([&](ssl::Conv2dOp conv) {
    auto load = conv.getWeight().getDefiningOp<ml_program::GlobalLoadOp>();
    auto g = SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(
        conv, load.getGlobalAttr());
    auto shape = cast<RankedTensorType>(g.getType()).getShape();
    auto d = cast<DenseElementsAttr>(*g.getValue());
    std::vector<float> w(d.getValues<float>().begin(),
                         d.getValues<float>().end());
    const int64_t G = static_cast<int64_t>(conv.getGroups());
    const int64_t O = shape[0], columns = shape[1] * shape[2] * shape[3];
    const int64_t Og = O / G;
    std::vector<bool> liveFilter(O, true);
    for (int64_t o = 0; o < O; ++o)
      if (coin(rng) < 0.25) {
        liveFilter[o] = false;
        std::fill(w.begin() + o * columns, w.begin() + (o + 1) * columns, 0.f);
      }
    auto y = conv.getOutput().getType();
    const double pixels = double(y.getNumElements()) / y.getDimSize(1);
    double total = 0;
    for (int64_t grp = 0; grp < G; ++grp) {
      std::vector<int64_t> order(columns);
      for (int64_t col = 0; col < columns; ++col)
        order[col] = col;
      std::shuffle(order.begin(), order.end(), rng);
      // 1 ..< columns dead columns, different in every group.
      int64_t dead = columns == 1 ? 0 : 1 + rng() % (columns - 1);
      for (int64_t k = 0; k < dead; ++k)
        for (int64_t o = grp * Og; o < (grp + 1) * Og; ++o)
          w[o * columns + order[k]] = 0.0f;
      for (int64_t o = grp * Og; o < (grp + 1) * Og; ++o)
        if (liveFilter[o])
          total += pixels * double(columns - dead);
    }
    g.setValueAttr(DenseElementsAttr::get(cast<RankedTensorType>(g.getType()),
                                          llvm::ArrayRef<float>(w)));
    if (Value bias = conv.getBias()) {
      auto bl = bias.getDefiningOp<ml_program::GlobalLoadOp>();
      auto bg = SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(
          conv, bl.getGlobalAttr());
      auto bd = cast<DenseElementsAttr>(*bg.getValue());
      std::vector<float> b(bd.getValues<float>().begin(),
                           bd.getValues<float>().end());
      for (int64_t o = 0; o < O; ++o)
        if (!liveFilter[o] && coin(rng) < 0.5)
          b[o] = 0.0f;
      bg.setValueAttr(DenseElementsAttr::get(
          cast<RankedTensorType>(bg.getType()), llvm::ArrayRef<float>(b)));
    }
    macs[g.getSymName().str()] = total;
  });
  return macs;
}

class GroupedShapePruning : public ::testing::TestWithParam<GroupedCase> {};

TEST_P(GroupedShapePruning, NoZeroTapOrFilterComputedAndSameOutputs) {
  const GroupedCase &c = GetParam();
  std::unique_ptr<test::BuiltNetwork> net = test::buildNetwork(c.input, c.body);
  ASSERT_TRUE(net->module) << net->diagnostics;
  ModuleOp model = *net->module;
  test::randomizeParameters(model, c.seed);
  std::map<std::string, double> want = zeroPerGroup(model, c.seed + 1);

  OwningOpRef<ModuleOp> pruned = test::prune(model, true, net->diagnostics);
  ASSERT_TRUE(pruned) << net->diagnostics;
  // Every conv is shape-pruned with its grouping, and computes at most what
  // its live taps and filters need (the last layer, the result, exactly:
  // nothing after it lets channel pruning take more).
  test::Structure before = test::structureOf(model),
                  after = test::structureOf(*pruned);
  ASSERT_FALSE(after.layers.empty());
  for (const test::Layer &a : before.layers) {
    const test::Layer *b = after.find(a.weight);
    ASSERT_TRUE(b) << a.weight;
    EXPECT_EQ(b->op, "shape_pruned_conv2d") << a.weight;
    EXPECT_EQ(b->groups, a.groups) << a.weight;
    EXPECT_LE(b->macs, want[a.weight]) << a.weight;
    EXPECT_LT(b->macs, a.macs) << a.weight;
  }
  const test::Layer &last = after.layers.back();
  EXPECT_EQ(last.macs, want[last.weight]) << last.weight;

  Array x = test::randomArray(inputShapeOf(model), c.seed + 2);
  FailureOr<Array> reference = test::interpret(model, x);
  ASSERT_TRUE(succeeded(reference)) << net->diagnostics;
  FailureOr<Array> prunedReference = test::interpret(*pruned, x);
  ASSERT_TRUE(succeeded(prunedReference)) << net->diagnostics;
  EXPECT_LE(test::relativeError(prunedReference->data, reference->data),
            kPrunedVsUnpruned);
  std::string error;
  double seconds = 0;
  FailureOr<Array> halide = runHalide(*pruned, x, error, seconds);
  ASSERT_TRUE(succeeded(halide)) << error << "\n" << net->diagnostics;
  EXPECT_LE(test::relativeError(halide->data, reference->data),
            kHalideVsReference)
      << "Halide on the pruned network against the unpruned reference";
  FailureOr<Array> dense = runHalide(model, x, error, seconds);
  ASSERT_TRUE(succeeded(dense)) << error << "\n" << net->diagnostics;
  EXPECT_LE(test::relativeError(halide->data, dense->data), kHalideVsReference)
      << "pruned against unpruned, both through Halide";
  // Cut after every layer: the products, gathers and constant channels of
  // one shape-pruned conv stay in one pipeline and its result crosses the
  // cut.
  FailureOr<Array> split = runHalide(*pruned, x, error, seconds, 1);
  ASSERT_TRUE(succeeded(split)) << error << "\n" << net->diagnostics;
  EXPECT_LE(test::relativeError(split->data, reference->data),
            kHalideVsReference)
      << "Halide on the pruned network, one pipeline per layer";
}

ConvOptions convOptions(int64_t groups, int64_t pad, int64_t stride = 1,
                        int64_t dilation = 1) {
  ConvOptions o;
  o.groups = groups;
  o.pads = {pad, pad, pad, pad};
  o.strides = {stride, stride};
  o.dilations = {dilation, dilation};
  return o;
}

std::vector<GroupedCase> groupedCases() {
  std::vector<GroupedCase> all;
  // AlexNet's conv2/conv4 pattern (2 groups), 4 groups strided, and 2
  // groups as the network's result.
  test::BodyFn grouped = [](NetworkBuilder &b, Value x) {
    x = b.relu(b.conv2d(x, 16, 3, 3, "g2", convOptions(2, 1)));
    x = b.relu(b.conv2d(x, 16, 3, 3, "g4", convOptions(4, 1, 2)));
    return b.conv2d(x, 12, 3, 3, "out", convOptions(2, 0));
  };
  // Depthwise (16 groups: one reduction per filter), with a channel
  // multiplier of 2, dilation and stride.
  test::BodyFn depthwise = [](NetworkBuilder &b, Value x) {
    x = b.relu(b.conv2d(x, 16, 3, 3, "dw", convOptions(16, 1)));
    x = b.relu(b.conv2d(x, 32, 3, 3, "dw2", convOptions(16, 2, 1, 2)));
    return b.conv2d(x, 32, 3, 3, "dw3", convOptions(32, 1, 2));
  };
  for (uint64_t seed : {1, 2}) {
    all.push_back({"grouped_" + std::to_string(seed),
                   {2, 8, 11, 11},
                   grouped,
                   10 * seed});
    all.push_back({"depthwise_" + std::to_string(seed),
                   {2, 16, 12, 12},
                   depthwise,
                   10 * seed + 5});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Grouped, GroupedShapePruning,
                         ::testing::ValuesIn(groupedCases()),
                         [](const ::testing::TestParamInfo<GroupedCase> &i) {
                           return i.param.label;
                         });

/// Both algorithms of a shape-pruned conv (few groups, many groups) have a
/// CUDA schedule: one plan of each network builds for a CUDA target (no GPU
/// needed to build; the grouped one takes a minute).
TEST(GroupedShapePruningCuda, BuildsForCuda) {
  std::vector<GroupedCase> all = groupedCases();
  for (const GroupedCase &c : {all[0], all[1]}) {
    SCOPED_TRACE(c.label);
    std::unique_ptr<test::BuiltNetwork> net =
        test::buildNetwork(c.input, c.body);
    ASSERT_TRUE(net->module) << net->diagnostics;
    test::randomizeParameters(*net->module, c.seed);
    zeroPerGroup(*net->module, c.seed + 1);
    OwningOpRef<ModuleOp> pruned =
        test::prune(*net->module, true, net->diagnostics);
    ASSERT_TRUE(pruned) << net->diagnostics;
    PassManager pm(pruned->getContext());
    buildInferencePipeline(pm, InferencePipelineOptions());
    ASSERT_TRUE(succeeded(pm.run(*pruned))) << net->diagnostics;
    codegen::CompileOptions options;
    options.target = "host-cuda";
    std::string dir = test::makeTempDir();
    EXPECT_TRUE(succeeded(codegen::emitAOT(
        *pruned, options, codegen::EmitKind::Object, dir + "/" + c.label)))
        << net->diagnostics;
  }
}


/// Zeroed depth_bn groups (a residual convolution with the γ and β of its
/// batch norm) make their branch constant: ssl-prune removes both
/// convolutions of each such block, whichever of the two was zeroed, and
/// computes the same function.
TEST(DepthBnPruning, ZeroGroupsRemoveTheirBlocks) {
  MLIRContext ctx;
  std::string diagnostics;
  ctx.getDiagEngine().registerHandler([&](Diagnostic &d) {
    diagnostics += d.str() + "\n";
    return success();
  });
  ZooOptions zoo;
  zoo.batch = 2;
  OwningOpRef<ModuleOp> model = buildZooModel(&ctx, "resnet20", zoo);
  ASSERT_TRUE(model) << diagnostics;
  test::randomizeParameters(*model, 23);
  const std::vector<std::pair<std::string, std::string>> zeroed = {
      {"layer1.0", "2"}, {"layer2.1", "1"}, {"layer3.2", "2"}};
  std::set<std::string> names;
  for (const auto &[block, i] : zeroed)
    for (const char *suffix : {".conv", ".bn"})
      names.insert(block + suffix + i);
  model->walk([&](ml_program::GlobalOp g) {
    std::string name = g.getSymName().str();
    for (const std::string &layer : names)
      if (name == layer + ".weight" || name == layer + ".bias")
        g.setValueAttr(
            DenseElementsAttr::get(cast<ShapedType>(g.getType()), 0.0f));
  });
  Array x = test::randomArray(inputShapeOf(*model), 37);
  FailureOr<Array> want = test::interpret(*model, x);
  ASSERT_TRUE(succeeded(want)) << diagnostics;
  OwningOpRef<ModuleOp> pruned = test::prune(*model, true, diagnostics);
  ASSERT_TRUE(pruned) << diagnostics;
  FailureOr<Array> got = test::interpret(*pruned, x);
  ASSERT_TRUE(succeeded(got)) << diagnostics;
  EXPECT_LE(test::relativeError(got->data, want->data), kPrunedVsUnpruned);
  test::Structure after = test::structureOf(*pruned);
  int residual = 0;
  for (const test::Layer &l : after.layers)
    residual += l.weight.rfind("layer", 0) == 0 &&
                l.weight.find(".conv") != std::string::npos;
  EXPECT_EQ(residual, 18 - 6);
  for (const auto &[block, i] : zeroed)
    for (const char *conv : {".conv1.weight", ".conv2.weight"})
      EXPECT_EQ(after.find(block + conv), nullptr) << block + conv;
}

} // namespace
