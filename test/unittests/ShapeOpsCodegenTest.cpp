//===- ShapeOpsCodegenTest.cpp - pad, shuffle, slice, gather, buffer names ===//
//
// ssl.pad, ssl.channel_shuffle, ssl.slice and ssl.gather are JIT-compiled on random data
// (alone and feeding a convolution, which inlines them) and compared with
// loops written from their op descriptions and with the reference
// interpreter: data movement, so exactly. Parameters become embedded Halide
// buffers, which need names unique in the pipeline however the symbols are
// spelled and however many ops read them; and a Halide error is reported at
// the op it names without printing the module.
//
//===----------------------------------------------------------------------===//
#include "ReferenceInterpreter.h"
#include "TestUtil.h"
#include "codegen/BuildPipeline.h"
#include "codegen/Codegen.h"
#include "codegen/Lowering.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "frontends/Builder.h"

#include "mlir/IR/MLIRContext.h"

#include <functional>
#include <gtest/gtest.h>

using namespace sslc;

namespace {

using BodyFn = std::function<mlir::Value(NetworkBuilder &, mlir::Value)>;

struct Built {
  std::unique_ptr<mlir::MLIRContext> ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string diagnostics;
  int notes = 0;
};

/// @main(x) = body(x) for an input of `shape`; `diagnostics` collects the
/// context's diagnostics and `notes` counts the notes attached to them.
std::unique_ptr<Built> build(const std::vector<int64_t> &shape,
                             const BodyFn &body) {
  auto b = std::make_unique<Built>();
  b->ctx = std::make_unique<mlir::MLIRContext>();
  Built *raw = b.get();
  b->ctx->getDiagEngine().registerHandler([raw](mlir::Diagnostic &d) {
    raw->diagnostics += d.str() + "\n";
    for (auto &note : d.getNotes()) {
      (void)note;
      ++raw->notes;
    }
    return mlir::success();
  });
  NetworkBuilder nb(b->ctx.get(), shape, /*seed=*/0);
  b->module = nb.finish(body(nb, nb.input()));
  return b;
}

Tensor randomTensor(std::vector<int64_t> shape, uint64_t seed) {
  Tensor t(std::move(shape));
  t.data = test::randomValues(t.numElements(), seed);
  return t;
}

/// JIT-compiles `b` and runs it on `x`.
Tensor run(Built &b, const Tensor &x) {
  Tensor y;
  auto exe = codegen::Executable::compile(*b.module, {});
  EXPECT_TRUE(mlir::succeeded(exe)) << b.diagnostics;
  if (mlir::failed(exe))
    return y;
  y = Tensor((*exe)->outputShapes()[0]);
  std::string error;
  EXPECT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  return y;
}

/// The reference interpreter's result for `x`, in float.
std::vector<float> interpret(Built &b, const Tensor &x) {
  test::ReferenceInterpreter interp(*b.module);
  auto fn = b.module->lookupSymbol<mlir::func::FuncOp>("main");
  test::Array in(x.shape);
  for (size_t i = 0; i < x.data.size(); ++i)
    in.data[i] = x.data[i];
  auto out = interp.run(fn, {in});
  EXPECT_TRUE(mlir::succeeded(out)) << b.diagnostics;
  if (mlir::failed(out))
    return {};
  return std::vector<float>(out->front().data.begin(), out->front().data.end());
}

/// `b` compiled and run on `x` is the reference interpreter's result within
/// 1e-5 of its largest magnitude.
void expectCloseToInterpreter(Built &b, const Tensor &x) {
  Tensor y = run(b, x);
  std::vector<float> expected = interpret(b, x);
  ASSERT_EQ(y.data.size(), expected.size());
  double scale = 0;
  for (float v : expected)
    scale = std::max(scale, std::fabs(static_cast<double>(v)));
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(y.data[i], expected[i], 1e-5 * scale) << "at " << i;
}

//===----------------------------------------------------------------------===//
// Data movement vs loops from the op descriptions
//===----------------------------------------------------------------------===//

struct PadCase {
  std::vector<int64_t> shape, pads; // pads: top, left, bottom, right
};

class PadTest : public testing::TestWithParam<PadCase> {};

TEST_P(PadTest, MatchesLoops) {
  const PadCase &c = GetParam();
  Tensor x = randomTensor(c.shape, 11);
  auto b = build(c.shape, [&](NetworkBuilder &nb, mlir::Value in) {
    return nb.pad(in, c.pads);
  });
  Tensor y = run(*b, x);
  int64_t N = c.shape[0], C = c.shape[1], H = c.shape[2], W = c.shape[3];
  int64_t OH = H + c.pads[0] + c.pads[2], OW = W + c.pads[1] + c.pads[3];
  ASSERT_EQ(y.shape, (std::vector<int64_t>{N, C, OH, OW}));
  std::vector<float> expected(N * C * OH * OW, 0.0f);
  for (int64_t nc = 0; nc < N * C; ++nc)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t w = 0; w < W; ++w)
        expected[(nc * OH + h + c.pads[0]) * OW + w + c.pads[1]] =
            x.data[(nc * H + h) * W + w];
  EXPECT_EQ(y.data, expected);
  EXPECT_EQ(interpret(*b, x), expected);
}

INSTANTIATE_TEST_SUITE_P(Shapes, PadTest,
                         testing::Values(PadCase{{1, 3, 5, 7}, {1, 1, 1, 1}},
                                         PadCase{{2, 5, 4, 3}, {0, 2, 3, 0}},
                                         PadCase{{3, 1, 6, 6}, {2, 0, 0, 1}}));

struct ShuffleCase {
  std::vector<int64_t> shape;
  int64_t groups;
};

class ChannelShuffleTest : public testing::TestWithParam<ShuffleCase> {};

TEST_P(ChannelShuffleTest, MatchesLoops) {
  const ShuffleCase &c = GetParam();
  Tensor x = randomTensor(c.shape, 12);
  auto b = build(c.shape, [&](NetworkBuilder &nb, mlir::Value in) {
    return nb.channelShuffle(in, c.groups);
  });
  Tensor y = run(*b, x);
  ASSERT_EQ(y.shape, c.shape);
  int64_t N = c.shape[0], C = c.shape[1], HW = c.shape[2] * c.shape[3];
  int64_t g = c.groups;
  // PyTorch's view(N, g, C/g, H, W).transpose(1, 2).reshape(N, C, H, W):
  // output channel j·g + i is input channel i·(C/g) + j.
  std::vector<float> expected(x.data.size());
  for (int64_t n = 0; n < N; ++n)
    for (int64_t i = 0; i < g; ++i)
      for (int64_t j = 0; j < C / g; ++j)
        for (int64_t k = 0; k < HW; ++k)
          expected[(n * C + j * g + i) * HW + k] =
              x.data[(n * C + i * (C / g) + j) * HW + k];
  EXPECT_EQ(y.data, expected);
  EXPECT_EQ(interpret(*b, x), expected);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ChannelShuffleTest,
                         testing::Values(ShuffleCase{{1, 12, 3, 5}, 2},
                                         ShuffleCase{{2, 12, 4, 4}, 3},
                                         ShuffleCase{{3, 7, 2, 3}, 7},
                                         ShuffleCase{{1, 6, 2, 2}, 1}));

/// `b` run on `x`, compiled and interpreted, is exactly the channels
/// `channels` of `x`, in that order.
void expectChannels(Built &b, const Tensor &x,
                    const std::vector<int64_t> &channels) {
  Tensor y = run(b, x);
  std::vector<int64_t> shape = x.shape;
  shape[1] = static_cast<int64_t>(channels.size());
  ASSERT_EQ(y.shape, shape);
  int64_t inner = 1;
  for (size_t d = 2; d < x.shape.size(); ++d)
    inner *= x.shape[d];
  std::vector<float> expected;
  for (int64_t n = 0; n < x.shape[0]; ++n)
    for (int64_t ch : channels)
      for (int64_t k = 0; k < inner; ++k)
        expected.push_back(x.data[(n * x.shape[1] + ch) * inner + k]);
  EXPECT_EQ(y.data, expected);
  EXPECT_EQ(interpret(b, x), expected);
}

struct SliceCase {
  std::vector<int64_t> shape;
  int64_t begin, end;
};

class SliceTest : public testing::TestWithParam<SliceCase> {};

TEST_P(SliceTest, MatchesLoops) {
  const SliceCase &c = GetParam();
  Tensor x = randomTensor(c.shape, 13);
  auto b = build(c.shape, [&](NetworkBuilder &nb, mlir::Value in) {
    return nb.slice(in, c.begin, c.end);
  });
  std::vector<int64_t> channels;
  for (int64_t ch = c.begin; ch < c.end; ++ch)
    channels.push_back(ch);
  expectChannels(*b, x, channels);
}

INSTANTIATE_TEST_SUITE_P(Shapes, SliceTest,
                         testing::Values(SliceCase{{1, 8, 3, 5}, 0, 4},
                                         SliceCase{{2, 9, 4, 4}, 4, 9},
                                         SliceCase{{3, 7, 2, 3}, 2, 3},
                                         SliceCase{{4, 10}, 3, 8}));

struct GatherCase {
  std::vector<int64_t> shape, indices;
};

class GatherTest : public testing::TestWithParam<GatherCase> {};

TEST_P(GatherTest, MatchesLoops) {
  const GatherCase &c = GetParam();
  Tensor x = randomTensor(c.shape, 15);
  auto b = build(c.shape, [&](NetworkBuilder &nb, mlir::Value in) {
    return nb.gather(in, c.indices);
  });
  expectChannels(*b, x, c.indices);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, GatherTest,
    testing::Values(GatherCase{{1, 784}, {0, 5, 6, 7, 100, 101, 783}},
                    GatherCase{{3, 10}, {9, 0, 0, 4}},
                    GatherCase{{2, 9, 4, 5}, {8, 1, 3}},
                    GatherCase{{1, 40}, {39}}));

/// A dense layer reading a gather of its input (what ssl-remove-zero-shapes
/// makes of zero weight columns): the gather is computed into the layer's
/// input buffer, at batch 1 and in a batch GEMM.
TEST(ShapeOpsCodegenTest, DenseOverGatherMatchesInterpreter) {
  for (int64_t n : {int64_t(1), int64_t(9)}) {
    std::vector<int64_t> shape{n, 50};
    std::vector<int64_t> live;
    for (int64_t k = 0; k < 50; ++k)
      if (k % 3 != 1)
        live.push_back(k);
    Tensor x = randomTensor(shape, 16 + n);
    auto b = build(shape, [&](NetworkBuilder &nb, mlir::Value in) {
      return nb.dense(nb.gather(in, live), 37, "fc");
    });
    expectCloseToInterpreter(*b, x);
  }
}

/// ShuffleNet v2's unit: split the channels, convolve one half, concatenate
/// and shuffle; the shuffle and slices are inlined into the convolutions
/// that read them. Compared with the reference interpreter in double.
TEST(ShapeOpsCodegenTest, ShuffleUnitMatchesInterpreter) {
  std::vector<int64_t> shape{2, 8, 6, 6};
  Tensor x = randomTensor(shape, 14);
  auto b = build(shape, [&](NetworkBuilder &nb, mlir::Value in) {
    mlir::Value left = nb.slice(in, 0, 4), right = nb.slice(in, 4, 8);
    ConvOptions same; // with the pad: 3x3 over a 6x6 image keeps 6x6
    same.pads = {0, 1, 1, 0};
    mlir::Value branch =
        nb.relu(nb.conv2d(nb.pad(right, {1, 0, 0, 1}), 4, 3, 3, "conv", same));
    mlir::Value cat = nb.concat(mlir::ValueRange{left, branch}, 1);
    return nb.conv2d(nb.channelShuffle(cat, 2), 5, 1, 1, "head");
  });
  expectCloseToInterpreter(*b, x);
}

//===----------------------------------------------------------------------===//
// Embedded buffer names
//===----------------------------------------------------------------------===//

/// PyTorch's exporter shares one initializer between layers with equal
/// values (VGG's zero biases): one parameter read by two dense layers. Two
/// more symbols spell the same C identifier ("a.b", "a_b") and one is
/// spelled like a pipeline argument ("input"). Each once made Halide reject
/// the pipeline ("All Params and embedded Buffers must have unique names").
TEST(ShapeOpsCodegenTest, ParameterBufferNamesAreUnique) {
  const int64_t N = 2, K = 6, M = 5;
  std::vector<float> w1 = test::randomValues(M * K, 21);
  std::vector<float> w2 = test::randomValues(M * M, 22);
  std::vector<float> bias = test::randomValues(M, 23);
  std::vector<float> bias2 = test::randomValues(M, 24);
  auto b = build({N, K}, [&](NetworkBuilder &nb, mlir::Value in) {
    mlir::Value shared = nb.parameter("classifier.0.bias", {M}, bias);
    mlir::Value h = nb.dense(in, nb.parameter("a.b", {M, K}, w1), shared);
    h = nb.dense(h, nb.parameter("a_b", {M, M}, w2), shared);
    return nb.dense(h, nb.parameter("input", {M, M}, w2),
                    nb.parameter("relu3", {M}, bias2));
  });
  Tensor x = randomTensor({N, K}, 25);
  Tensor y = run(*b, x);
  ASSERT_EQ(y.shape, (std::vector<int64_t>{N, M}));
  auto dense = [&](const std::vector<float> &in, int64_t k,
                   const std::vector<float> &w, const std::vector<float> &bv) {
    std::vector<float> out(N * M);
    for (int64_t n = 0; n < N; ++n)
      for (int64_t m = 0; m < M; ++m) {
        double acc = bv[m];
        for (int64_t i = 0; i < k; ++i)
          acc += static_cast<double>(in[n * k + i]) * w[m * k + i];
        out[n * M + m] = static_cast<float>(acc);
      }
    return out;
  };
  std::vector<float> expected =
      dense(dense(dense(x.data, K, w1, bias), M, w2, bias), M, w2, bias2);
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(y.data[i], expected[i], 1e-5) << "at " << i;
}

//===----------------------------------------------------------------------===//
// Halide errors as diagnostics
//===----------------------------------------------------------------------===//

/// A Halide error raised while generated code runs (here: CUDA code on a
/// machine without the CUDA driver) is recorded by the run context and
/// returned after the call, never thrown through the generated code; the
/// same executable reports it again on the next run. With a GPU the CUDA
/// code computes what the host code computes.
TEST(ShapeOpsCodegenTest, RunTimeHalideErrorComesBackAfterTheRun) {
  auto b = build({1, 4, 3, 3}, [&](NetworkBuilder &nb, mlir::Value in) {
    return nb.relu(in);
  });
  codegen::CompileOptions options;
  options.target = "host-cuda";
  auto exe = codegen::Executable::compile(*b->module, options);
  ASSERT_TRUE(mlir::succeeded(exe)) << b->diagnostics;
  Tensor x = randomTensor({1, 4, 3, 3}, 5);
  for (int round = 0; round < 2; ++round) {
    Tensor y;
    std::string error;
    if ((*exe)->run({&x}, {&y}, error)) {
      Tensor expected = run(*b, x);
      EXPECT_EQ(y.data, expected.data);
      continue;
    }
    EXPECT_EQ(error.rfind("Halide error: ", 0), 0u) << error;
    EXPECT_NE(error.find("CUDA"), std::string::npos) << error;
    EXPECT_EQ(error.find("\n\n"), std::string::npos) << error;
    EXPECT_NE(error.back(), '\n') << error;
  }
}

/// A Halide error that names a Func of the lowering is reported at the op
/// that made it, as a location only: no note printing the op (for a JIT
/// error that was the whole module, weights and all).
TEST(ShapeOpsCodegenTest, HalideErrorIsReportedAtItsOp) {
  auto b = build({1, 4, 3, 3}, [&](NetworkBuilder &nb, mlir::Value in) {
    nb.setLocation(mlir::NameLoc::get(
        mlir::StringAttr::get(in.getContext(), "node 'shuffle' (Reshape)")));
    mlir::Value y = nb.channelShuffle(in, 2);
    nb.setLocation(mlir::UnknownLoc::get(in.getContext()));
    return nb.relu(y);
  });
  auto fn = b->module->lookupSymbol<mlir::func::FuncOp>("main");
  auto lowered = codegen::lowerFunction(fn, Halide::get_host_target());
  ASSERT_TRUE(mlir::succeeded(lowered)) << b->diagnostics;
  std::string shuffleFunc;
  for (const codegen::Stage &stage : lowered->stages)
    if (llvm::isa<ssl::ChannelShuffleOp>(stage.op))
      shuffleFunc = stage.func.name();
  ASSERT_FALSE(shuffleFunc.empty());
  mlir::LogicalResult result = codegen::catchHalideErrors(
      b->module->getOperation(), "JIT compilation",
      [&] {
        throw Halide::CompileError("Func '" + shuffleFunc +
                                   "' cannot be scheduled");
      },
      &*lowered);
  EXPECT_TRUE(mlir::failed(result));
  EXPECT_NE(b->diagnostics.find("JIT compilation: Halide error: Func '" +
                                shuffleFunc + "' cannot be scheduled"),
            std::string::npos)
      << b->diagnostics;
  EXPECT_EQ(b->notes, 0) << "the op was printed with the error";
  EXPECT_EQ(b->diagnostics.find("builtin.module"), std::string::npos);

  // The location is the shuffle's, not the module's.
  std::string located;
  mlir::ScopedDiagnosticHandler handler(b->ctx.get(), [&](mlir::Diagnostic &d) {
    llvm::raw_string_ostream os(located);
    os << d.getLocation();
    return mlir::success();
  });
  (void)codegen::catchHalideErrors(
      b->module->getOperation(), "JIT compilation",
      [&] { throw Halide::CompileError("in " + shuffleFunc + ": error"); },
      &*lowered);
  EXPECT_NE(located.find("node 'shuffle' (Reshape)"), std::string::npos)
      << located;
}

} // namespace
