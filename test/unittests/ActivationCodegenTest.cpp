//===- ActivationCodegenTest.cpp - activations and gates through Halide ---===//
//
// ssl.clip, ssl.sigmoid, ssl.hard_sigmoid, ssl.hard_swish, ssl.gelu and
// ssl.mul are JIT-compiled alone on random data and compared with loops
// written from their op descriptions in double precision: selections and
// single products exactly, expressions with rounding within 1e-6 of the
// magnitude of their terms. The blocks of MobileNet v2/v3, EfficientNet
// (inverted residual with ReLU6, squeeze-and-excitation with hard sigmoid,
// MBConv with SiLU) and ConvNeXt (layer norm over the channels, GELU, layer
// scale) run against the double-precision reference interpreter, as one
// pipeline and split into several; the lowering stores a broadcast gate
// once; and an SE block builds for CUDA.
//
//===----------------------------------------------------------------------===//
#include "NetworkHarness.h"
#include "ReferenceInterpreter.h"
#include "TestUtil.h"
#include "codegen/Codegen.h"
#include "codegen/Lowering.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "frontends/Builder.h"

#include "mlir/IR/Verifier.h"

#include <cmath>
#include <fstream>
#include <gtest/gtest.h>
#include <limits>
#include <sstream>

using namespace sslc;

namespace {

using test::BodyFn;

/// JIT-compiles `body` for the host and runs it on `x` into `y`.
void runNetwork(const Tensor &x, const BodyFn &body, Tensor &y) {
  auto b = test::buildNetwork(x.shape, body);
  auto exe = codegen::Executable::compile(*b->module, {});
  ASSERT_TRUE(succeeded(exe)) << b->diagnostics;
  std::string error;
  ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
}

/// Uniform in [-scale, scale), with the breakpoints of the activations
/// (-3, 0, 3, 6 and their neighbours) at the front so each piece and each
/// corner is hit.
Tensor activationInput(std::vector<int64_t> shape, uint64_t seed,
                       float scale = 8.0f) {
  Tensor t(std::move(shape));
  t.data = test::randomValues(t.numElements(), seed);
  for (float &v : t.data)
    v *= scale;
  const float corners[] = {-3.0f,      0.0f,       3.0f,        6.0f, -0.0f,
                           2.9999998f, 6.0000005f, -3.0000002f, 1.5f, -2.25f};
  for (size_t i = 0; i < std::size(corners) && i < t.data.size(); ++i)
    t.data[i] = corners[i];
  return t;
}

/// Per element: got == float(want), or |got - want| <= rel · scale.
void expectClose(const Tensor &got, const std::vector<double> &want,
                 const std::vector<double> &scale, double rel) {
  ASSERT_EQ(static_cast<size_t>(got.numElements()), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    if (scale.empty())
      ASSERT_EQ(got.data[i], static_cast<float>(want[i]))
          << "element " << i << " (exact)";
    else
      ASSERT_LE(std::fabs(got.data[i] - want[i]), rel * scale[i])
          << "element " << i << ": got " << got.data[i] << ", want " << want[i]
          << " (scale " << scale[i] << ")";
  }
}

std::string shapeName(const std::vector<int64_t> &shape) {
  std::string s;
  for (int64_t d : shape)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

//===----------------------------------------------------------------------===//
// Elementwise activations
//===----------------------------------------------------------------------===//

class Activation : public ::testing::TestWithParam<std::vector<int64_t>> {};

TEST_P(Activation, ClipIsExact) {
  Tensor x = activationInput(GetParam(), 1);
  const float lowest = std::numeric_limits<float>::lowest();
  const float largest = std::numeric_limits<float>::max();
  const std::pair<float, float> bounds[] = {{0.0f, 6.0f},
                                            {-1.5f, 2.25f},
                                            {2.0f, 2.0f},
                                            {lowest, 1.0f},
                                            {-4.0f, largest}};
  for (auto [lo, hi] : bounds) {
    SCOPED_TRACE("clip " + std::to_string(lo) + " " + std::to_string(hi));
    Tensor y;
    ASSERT_NO_FATAL_FAILURE(runNetwork(
        x,
        [&](NetworkBuilder &b, mlir::Value in) { return b.clip(in, lo, hi); },
        y));
    std::vector<double> want;
    for (float v : x.data)
      want.push_back(std::min(std::max(double(v), double(lo)), double(hi)));
    expectClose(y, want, {}, 0);
  }
}

TEST_P(Activation, SigmoidMatchesNaiveLoops) {
  Tensor x = activationInput(GetParam(), 2);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [](NetworkBuilder &b, mlir::Value in) { return b.sigmoid(in); }, y));
  std::vector<double> want, scale;
  for (float v : x.data) {
    want.push_back(1.0 / (1.0 + std::exp(-double(v))));
    scale.push_back(want.back());
  }
  expectClose(y, want, scale, 1e-6);
}

TEST_P(Activation, HardSigmoidMatchesNaiveLoops) {
  Tensor x = activationInput(GetParam(), 3);
  // PyTorch's hardsigmoid as exported, and ONNX's defaults.
  const std::pair<float, float> params[] = {
      {1.0f / 6.0f, 0.5f}, {0.2f, 0.5f}, {-0.75f, 0.25f}};
  for (auto [alpha, beta] : params) {
    SCOPED_TRACE("alpha " + std::to_string(alpha));
    Tensor y;
    ASSERT_NO_FATAL_FAILURE(runNetwork(
        x,
        [&](NetworkBuilder &b, mlir::Value in) {
          return b.hardSigmoid(in, alpha, beta);
        },
        y));
    std::vector<double> want, scale;
    for (float v : x.data) {
      double a = alpha, c = beta;
      want.push_back(std::max(0.0, std::min(1.0, a * v + c)));
      scale.push_back(std::fabs(a * v) + std::fabs(c));
    }
    expectClose(y, want, scale, 1e-6);
  }
}

TEST_P(Activation, HardSwishMatchesNaiveLoops) {
  Tensor x = activationInput(GetParam(), 4);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [](NetworkBuilder &b, mlir::Value in) { return b.hardSwish(in); }, y));
  std::vector<double> want, scale;
  for (float v : x.data) {
    double d = v;
    want.push_back(d * std::min(std::max(d + 3.0, 0.0), 6.0) / 6.0);
    scale.push_back(std::fabs(d) * (std::fabs(d) + 3.0) / 6.0);
  }
  expectClose(y, want, scale, 1e-6);
}

TEST_P(Activation, GeluMatchesNaiveLoops) {
  Tensor x = activationInput(GetParam(), 6);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x, [](NetworkBuilder &b, mlir::Value in) { return b.gelu(in); }, y));
  std::vector<double> want, scale;
  for (float v : x.data) {
    double d = v;
    want.push_back(0.5 * d * (1.0 + std::erf(d / std::sqrt(2.0))));
    // Halide's erf is accurate to the last bits of the mantissa; the
    // product then carries the magnitude of x.
    scale.push_back(std::fabs(d));
  }
  expectClose(y, want, scale, 1e-6);
}

TEST_P(Activation, SiluProductIsExact) {
  // x · relu6(x): both factors are inlined, the product rounds once.
  Tensor x = activationInput(GetParam(), 5);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [](NetworkBuilder &b, mlir::Value in) {
        return b.mul(in, b.clip(in, 0.0f, 6.0f));
      },
      y));
  std::vector<double> want;
  for (float v : x.data)
    want.push_back(double(v) * std::min(std::max(double(v), 0.0), 6.0));
  expectClose(y, want, {}, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, Activation,
    ::testing::Values(std::vector<int64_t>{2, 13, 5, 7},
                      std::vector<int64_t>{3, 50, 4},
                      std::vector<int64_t>{3, 77},
                      std::vector<int64_t>{1, 3, 8, 8}),
    [](const ::testing::TestParamInfo<std::vector<int64_t>> &info) {
      return shapeName(info.param);
    });

//===----------------------------------------------------------------------===//
// ssl.mul with a broadcast operand
//===----------------------------------------------------------------------===//

struct MulCase {
  std::string name;
  std::vector<int64_t> lhs, rhs;
};

std::ostream &operator<<(std::ostream &os, const MulCase &c) {
  return os << c.name;
}

class MulBroadcast : public ::testing::TestWithParam<MulCase> {};

TEST_P(MulBroadcast, IsExact) {
  const MulCase &c = GetParam();
  Tensor x = activationInput(c.lhs, 6, 3.0f);
  Tensor g = activationInput(c.rhs, 7, 2.0f);
  Tensor y;
  ASSERT_NO_FATAL_FAILURE(runNetwork(
      x,
      [&](NetworkBuilder &b, mlir::Value in) {
        return b.mul(in, b.parameter("gate", c.rhs, g.data));
      },
      y));
  ASSERT_EQ(y.shape, c.lhs);
  // Row-major index into rhs: an axis of size 1 always reads entry 0.
  std::vector<double> want;
  const int rank = static_cast<int>(c.lhs.size());
  for (int64_t i = 0; i < x.numElements(); ++i) {
    int64_t rest = i, j = 0, stride = 1;
    for (int d = rank - 1; d >= 0; --d) {
      int64_t index = rest % c.lhs[d];
      rest /= c.lhs[d];
      j += (c.rhs[d] == 1 ? 0 : index) * stride;
      stride *= c.rhs[d];
    }
    want.push_back(double(x.data[i]) * g.data[j]);
  }
  expectClose(y, want, {}, 0);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, MulBroadcast,
    ::testing::Values(
        MulCase{"se_gate_per_image", {2, 13, 5, 7}, {2, 13, 1, 1}},
        MulCase{"per_channel", {2, 13, 5, 7}, {1, 13, 1, 1}},
        MulCase{"scalar", {2, 13, 5, 7}, {1, 1, 1, 1}},
        MulCase{"same_shape", {2, 13, 5, 7}, {2, 13, 5, 7}},
        MulCase{"spatial_over_channels", {2, 13, 5, 7}, {1, 1, 5, 7}},
        MulCase{"rows", {3, 77}, {3, 1}},
        MulCase{"rank3_middle", {3, 50, 4}, {1, 50, 1}}),
    [](const ::testing::TestParamInfo<MulCase> &info) {
      return info.param.name;
    });

//===----------------------------------------------------------------------===//
// Blocks of MobileNet and EfficientNet against the reference interpreter
//===----------------------------------------------------------------------===//

/// Seeded random parameters, scaled like PyTorch's default initialization
/// so activations keep their magnitude through a block.
class Params {
public:
  Params(NetworkBuilder &b, uint64_t seed) : b(b), seed(seed) {}

  mlir::Value conv(mlir::Value x, int64_t out, int64_t k, int64_t groups,
                   int64_t stride = 1) {
    int64_t in = mlir::cast<mlir::RankedTensorType>(x.getType()).getDimSize(1);
    int64_t perGroup = in / groups;
    ConvOptions o;
    o.groups = groups;
    o.strides = {stride, stride};
    o.pads.assign(4, k / 2);
    std::string name = "conv" + std::to_string(count++);
    mlir::Value w = b.parameter(
        name + ".weight", {out, perGroup, k, k},
        values(out * perGroup * k * k, std::sqrt(3.0f / (perGroup * k * k))));
    mlir::Value bias = b.parameter(name + ".bias", {out}, values(out, 0.5f));
    return b.conv2d(x, w, bias, o);
  }

  /// Layer norm over the channels with random scale and shift.
  mlir::Value layerNorm(mlir::Value x, float epsilon = 1e-6f) {
    int64_t c = mlir::cast<mlir::RankedTensorType>(x.getType()).getDimSize(1);
    std::string name = "norm" + std::to_string(count++);
    std::vector<float> g = values(c, 0.5f);
    for (float &v : g)
      v += 1.0f;
    mlir::Value gamma = b.parameter(name + ".weight", {c}, g);
    mlir::Value beta = b.parameter(name + ".bias", {c}, values(c, 0.5f));
    return b.layerNorm(x, gamma, beta, epsilon);
  }

  /// A per-channel constant factor [1, C, 1, 1] (ConvNeXt's layer scale).
  mlir::Value scale(mlir::Value x) {
    int64_t c = mlir::cast<mlir::RankedTensorType>(x.getType()).getDimSize(1);
    std::string name = "scale" + std::to_string(count++);
    return b.mul(x, b.parameter(name, {1, c, 1, 1}, values(c, 1.0f)));
  }

  mlir::Value dense(mlir::Value x, int64_t out) {
    int64_t in = mlir::cast<mlir::RankedTensorType>(x.getType()).getDimSize(1);
    std::string name = "fc" + std::to_string(count++);
    mlir::Value w = b.parameter(name + ".weight", {out, in},
                                values(out * in, std::sqrt(3.0f / in)));
    mlir::Value bias = b.parameter(name + ".bias", {out}, values(out, 0.5f));
    return b.dense(x, w, bias);
  }

private:
  std::vector<float> values(int64_t n, float scale) {
    std::vector<float> v = test::randomValues(n, seed++);
    for (float &f : v)
      f *= scale;
    return v;
  }

  NetworkBuilder &b;
  uint64_t seed;
  int count = 0;
};

mlir::Value silu(NetworkBuilder &b, mlir::Value x) {
  return b.mul(x, b.sigmoid(x));
}

/// torchvision's SqueezeExcitation: pool, squeeze, activation, excite,
/// gate; `scale * input`.
mlir::Value squeezeExcite(NetworkBuilder &b, Params &p, mlir::Value x,
                          int64_t squeeze, bool hard) {
  int64_t c = mlir::cast<mlir::RankedTensorType>(x.getType()).getDimSize(1);
  mlir::Value s = p.conv(b.globalAvgPool(x), squeeze, 1, 1);
  s = hard ? b.relu(s) : silu(b, s);
  s = p.conv(s, c, 1, 1);
  mlir::Value gate = hard ? b.hardSigmoid(s, 1.0f / 6.0f, 0.5f) : b.sigmoid(s);
  return b.mul(x, gate);
}

/// MobileNet v2's inverted residual: expand, ReLU6, depthwise, ReLU6,
/// project, shortcut.
mlir::Value invertedResidual(NetworkBuilder &b, mlir::Value x) {
  Params p(b, 100);
  mlir::Value h = b.clip(p.conv(x, 24, 1, 1), 0.0f, 6.0f);
  h = b.clip(p.conv(h, 24, 3, 24), 0.0f, 6.0f);
  return b.add(x, p.conv(h, 6, 1, 1));
}

/// MobileNet v3's block: expand with hardswish, depthwise, SE with hard
/// sigmoid, project; then the classifier's pool and hardswish dense layer.
mlir::Value mobileNetV3Block(NetworkBuilder &b, mlir::Value x) {
  Params p(b, 200);
  mlir::Value h = b.hardSwish(p.conv(x, 16, 1, 1));
  h = b.hardSwish(p.conv(h, 16, 3, 16, 2));
  h = squeezeExcite(b, p, h, 8, /*hard=*/true);
  h = p.conv(h, 12, 1, 1);
  h = b.flatten(b.globalAvgPool(h));
  return p.dense(b.hardSwish(p.dense(h, 20)), 10);
}

/// EfficientNet's MBConv: expand, SiLU, depthwise, SiLU, SE with sigmoid,
/// project, shortcut.
mlir::Value mbConv(NetworkBuilder &b, mlir::Value x) {
  Params p(b, 300);
  mlir::Value h = silu(b, p.conv(x, 24, 1, 1));
  h = silu(b, p.conv(h, 24, 3, 24));
  h = squeezeExcite(b, p, h, 4, /*hard=*/false);
  return b.add(x, p.conv(h, 6, 1, 1));
}

/// ConvNeXt's block: depthwise 7x7, layer norm over the channels,
/// pointwise expansion, GELU, pointwise projection, layer scale, shortcut;
/// then a downsampling layer norm and 2x2 stride-2 convolution, and the
/// classifier's pool, layer norm and dense layer.
mlir::Value convNextBlock(NetworkBuilder &b, mlir::Value x) {
  Params p(b, 400);
  mlir::Value h = p.layerNorm(p.conv(x, 8, 7, 8));
  h = p.conv(b.gelu(p.conv(h, 32, 1, 1)), 8, 1, 1);
  h = b.add(x, p.scale(h));
  ConvOptions down;
  down.strides = {2, 2};
  mlir::Value w = b.parameter("down.weight", {12, 8, 2, 2},
                              test::randomValues(12 * 8 * 2 * 2, 450));
  h = b.conv2d(p.layerNorm(h), w, mlir::Value(), down);
  h = p.layerNorm(b.globalAvgPool(h));
  return p.dense(b.flatten(h), 10);
}

struct BlockCase {
  std::string name;
  std::vector<int64_t> input;
  BodyFn body;
};

std::ostream &operator<<(std::ostream &os, const BlockCase &c) {
  return os << c.name;
}

class Blocks : public ::testing::TestWithParam<BlockCase> {};

TEST_P(Blocks, MatchReferenceInterpreter) {
  const BlockCase &c = GetParam();
  auto built = test::buildNetwork(c.input, c.body);
  ASSERT_TRUE(succeeded(mlir::verify(*built->module))) << built->diagnostics;
  Tensor x = activationInput(c.input, 8, 2.0f);
  test::Array ax(c.input);
  ax.data.assign(x.data.begin(), x.data.end());
  test::ReferenceInterpreter ref(*built->module);
  auto fn = built->module->lookupSymbol<mlir::func::FuncOp>("main");
  auto want = ref.run(fn, {ax});
  ASSERT_TRUE(succeeded(want)) << built->diagnostics;

  const test::Array &w = want->front();
  double peak = 0;
  for (double v : w.data)
    peak = std::max(peak, std::fabs(v));
  ASSERT_GT(peak, 0.0);
  // As one pipeline, and cut every two stages so that gates, pooled
  // tensors and activations cross from one pipeline into the next.
  for (int cut : {0, 2}) {
    SCOPED_TRACE("stages per pipeline " + std::to_string(cut));
    codegen::CompileOptions options;
    options.maxStagesPerPipeline = cut;
    auto exe = codegen::Executable::compile(*built->module, options);
    ASSERT_TRUE(succeeded(exe)) << built->diagnostics;
    if (cut) {
      EXPECT_GT((*exe)->pipelineCount(), 2);
    }
    Tensor y;
    std::string error;
    ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
    ASSERT_EQ(y.shape, w.shape);
    for (size_t i = 0; i < w.data.size(); ++i)
      ASSERT_LE(std::fabs(y.data[i] - w.data[i]), 1e-5 * peak)
          << "element " << i << ": got " << y.data[i] << ", want " << w.data[i]
          << " (max|ref| " << peak << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(
    MobileNetsAndEfficientNet, Blocks,
    ::testing::Values(
        BlockCase{"inverted_residual_relu6", {2, 6, 9, 9}, invertedResidual},
        BlockCase{
            "mobilenet_v3_se_hardswish", {2, 6, 11, 11}, mobileNetV3Block},
        BlockCase{"mbconv_silu_se", {2, 6, 8, 7}, mbConv},
        BlockCase{"convnext_block_layer_norm_gelu", {2, 8, 9, 9},
                  convNextBlock}),
    [](const ::testing::TestParamInfo<BlockCase> &info) {
      return info.param.name;
    });

//===----------------------------------------------------------------------===//
// Schedules
//===----------------------------------------------------------------------===//

TEST(MulLowering, StoresABroadcastGateOnce) {
  auto built =
      test::buildNetwork({1, 16, 12, 12}, [](NetworkBuilder &b, mlir::Value x) {
        Params p(b, 400);
        mlir::Value h = silu(b, x);
        return squeezeExcite(b, p, h, 4, /*hard=*/true);
      });
  auto fn = built->module->lookupSymbol<mlir::func::FuncOp>("main");
  auto net = codegen::lowerFunction(fn, Halide::get_host_target());
  ASSERT_TRUE(succeeded(net)) << built->diagnostics;
  // The SiLU product is inlined; the gate's product reads a [1, 16, 1, 1]
  // buffer the schedule computes once.
  int siluStages = 0, gateStages = 0;
  for (const codegen::Stage &s : net->stages) {
    auto mul = mlir::dyn_cast<ssl::MulOp>(s.op);
    if (!mul)
      continue;
    bool broadcast = mul.getRhs().getType() != mul.getLhs().getType();
    if (!broadcast) {
      ++siluStages;
      EXPECT_EQ(s.kind, codegen::StageKind::Elementwise);
    } else if (s.kind == codegen::StageKind::Materialize) {
      ++gateStages;
      EXPECT_EQ(s.shape, (std::vector<int64_t>{1, 16, 1, 1}));
    } else {
      EXPECT_EQ(s.kind, codegen::StageKind::Elementwise);
      EXPECT_EQ(s.shape, (std::vector<int64_t>{1, 16, 12, 12}));
    }
  }
  EXPECT_EQ(siluStages, 1);
  EXPECT_EQ(gateStages, 1);
}

TEST(ElementwiseLowering, StoresEveryKthLinkOfALongInlinedChain) {
  // 100 ReLUs alternating with batch norms: each would inline into the
  // next, one expression 200 levels deep.
  const int links = 100;
  auto built =
      test::buildNetwork({1, 3, 4, 4}, [&](NetworkBuilder &b, mlir::Value x) {
        for (int i = 0; i < links; ++i)
          x = b.relu(i % 2 ? b.batchNorm(x, "bn" + std::to_string(i)) : x);
        return x;
      });
  auto fn = built->module->lookupSymbol<mlir::func::FuncOp>("main");
  auto net = codegen::lowerFunction(fn, Halide::get_host_target());
  ASSERT_TRUE(succeeded(net)) << built->diagnostics;
  int stored = 0, run = 0, longest = 0;
  for (const codegen::Stage &s : net->stages) {
    if (s.kind == codegen::StageKind::Materialize) {
      ++stored;
      run = 0;
    } else if (s.kind == codegen::StageKind::Elementwise) {
      longest = std::max(longest, ++run);
    }
  }
  const int chain = codegen::LoweringContext::kMaxInlineChain;
  EXPECT_LT(longest, chain);
  EXPECT_GE(stored, (links + links / 2) / chain);
  // Still the same function: the batch norms (identity statistics) scale
  // by 1 / sqrt(1 + 1e-5) each.
  Tensor x = activationInput({1, 3, 4, 4}, 9);
  auto exe = codegen::Executable::compile(*built->module, {});
  ASSERT_TRUE(succeeded(exe)) << built->diagnostics;
  Tensor y;
  std::string error;
  ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  const double s = std::pow(1.0 + 1e-5, -0.5 * (links / 2));
  std::vector<double> want, scale;
  for (float v : x.data) {
    want.push_back(std::max(double(v), 0.0) * s);
    scale.push_back(std::fabs(double(v)));
  }
  expectClose(y, want, scale, 1e-5);
}

TEST(Aot, SqueezeExciteForCudaCarriesSm61Ptx) {
  auto built =
      test::buildNetwork({1, 16, 12, 12}, [](NetworkBuilder &b, mlir::Value x) {
        Params p(b, 500);
        mlir::Value h = b.hardSwish(p.conv(x, 16, 3, 16));
        h = squeezeExcite(b, p, h, 4, /*hard=*/true);
        h = squeezeExcite(b, p, silu(b, b.clip(h, 0.0f, 6.0f)), 4, false);
        return h;
      });
  std::string dir = test::makeTempDir();
  codegen::CompileOptions options;
  options.target = "host-cuda-cuda_capability_61";
  ASSERT_TRUE(succeeded(codegen::emitAOT(*built->module, options,
                                         codegen::EmitKind::StaticLibrary,
                                         dir + "/se_block")))
      << built->diagnostics;
  std::ifstream in(dir + "/se_block.a", std::ios::binary);
  std::stringstream archive;
  archive << in.rdbuf();
  EXPECT_NE(archive.str().find(".target sm_61"), std::string::npos);
}

} // namespace
