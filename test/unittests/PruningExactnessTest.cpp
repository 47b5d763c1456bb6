//===- PruningExactnessTest.cpp - pruned networks compute the same thing --===//
//
// For zoo models with random parameters and random plans of zeroed groups
// of every kind (filters whose bias keeps them constant, dead filters,
// channels, filter-shape columns, dense rows and columns, whole layers),
// the output after the ssl-prune pipeline equals the output before it on
// random inputs, and the pruned model really is smaller.
//
//===----------------------------------------------------------------------===//
#include "codegen/Codegen.h"
#include "compiler/Pipelines/Pipelines.h"
#include "frontends/Zoo.h"
#include "TestUtil.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>
#include <random>

using namespace mlir;
using namespace sslc;

namespace {

struct Plan {
  double filters = 0.3;      // zero filters / dense rows
  double deadBias = 0.5;     // of those, also zero the bias entry
  double channels = 0.25;    // zero conv channels / dense columns
  double shapes = 0.2;       // zero (c, kh, kw) columns
  double wholeLayer = 0.0;   // zero an entire conv weight
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

  auto fn = (*model).lookupSymbol<func::FuncOp>("main");
  auto inType = cast<RankedTensorType>(fn.getArgumentTypes()[0]);
  Tensor x(std::vector<int64_t>(inType.getShape().begin(),
                                inType.getShape().end()));
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
  for (const Model &m : std::vector<Model>{{"lenet", {}},
                                           {"mlp", {}},
                                           {"convnet", {}}}) {
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

} // namespace
