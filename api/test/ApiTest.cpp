//===- ApiTest.cpp - the public C++ API through libsslc.so ----------------===//
//
// Uses only sslc/sslc.h, as an installed consumer does: LeNet against naive
// loops on random data, dense and with zeroed groups, pruned against
// unpruned, the structure report and its figures, AOT export, .npy files,
// evaluation on a data set, training, and the messages of errors.
//
//===----------------------------------------------------------------------===//
#include "sslc/sslc.h"
#include "test/unittests/TestUtil.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace {

using Shape = std::vector<int64_t>;

/// conv (no padding, stride 1) of one image [C, H, W] with w [O, C, K, K].
std::vector<float> conv(const std::vector<float> &x, int C, int H, int W,
                        const sslc::HostTensor &w, const sslc::HostTensor &b) {
  int O = w.shape[0], K = w.shape[2], OH = H - K + 1, OW = W - K + 1;
  std::vector<float> y(size_t(O) * OH * OW);
  for (int o = 0; o < O; ++o)
    for (int i = 0; i < OH; ++i)
      for (int j = 0; j < OW; ++j) {
        double acc = b.data[o];
        for (int c = 0; c < C; ++c)
          for (int u = 0; u < K; ++u)
            for (int v = 0; v < K; ++v)
              acc += double(w.data[((o * C + c) * K + u) * K + v]) *
                     x[(c * H + i + u) * W + j + v];
        y[(o * OH + i) * OW + j] = float(acc);
      }
  return y;
}

std::vector<float> maxPool2(const std::vector<float> &x, int C, int H, int W) {
  std::vector<float> y(size_t(C) * (H / 2) * (W / 2));
  for (int c = 0; c < C; ++c)
    for (int i = 0; i < H / 2; ++i)
      for (int j = 0; j < W / 2; ++j) {
        float m = -INFINITY;
        for (int u = 0; u < 2; ++u)
          for (int v = 0; v < 2; ++v)
            m = std::max(m, x[(c * H + 2 * i + u) * W + 2 * j + v]);
        y[(c * (H / 2) + i) * (W / 2) + j] = m;
      }
  return y;
}

std::vector<float> dense(const std::vector<float> &x, const sslc::HostTensor &w,
                         const sslc::HostTensor &b, bool relu) {
  int M = w.shape[0], K = w.shape[1];
  std::vector<float> y(M);
  for (int m = 0; m < M; ++m) {
    double acc = b.data[m];
    for (int k = 0; k < K; ++k)
      acc += double(w.data[m * K + k]) * x[k];
    y[m] = relu ? std::max(0.0f, float(acc)) : float(acc);
  }
  return y;
}

/// Caffe's LeNet (the zoo's): conv-pool-conv-pool-ip-relu-ip, one image.
std::vector<float> naiveLenet(const sslc::Model &m,
                              const std::vector<float> &image) {
  auto p = [&](const char *name) { return m.parameter(name); };
  std::vector<float> x =
      maxPool2(conv(image, 1, 28, 28, p("conv1.weight"), p("conv1.bias")), 20,
               24, 24);
  x = maxPool2(conv(x, 20, 12, 12, p("conv2.weight"), p("conv2.bias")), 50, 8,
               8);
  x = dense(x, p("ip1.weight"), p("ip1.bias"), true);
  return dense(x, p("ip2.weight"), p("ip2.bias"), false);
}

void expectClose(const std::vector<float> &a, const std::vector<float> &b,
                 double tolerance = 1e-4) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], b[i], tolerance * (1.0 + std::fabs(b[i]))) << "at " << i;
}

/// LeNet with conv1 filters [0, 10) and conv2 filters [0, 25) zeroed.
sslc::Model sparseLenet() {
  sslc::Model dense = sslc::Model::load("lenet");
  sslc::HostTensor c1 = dense.parameter("conv1.weight");
  sslc::HostTensor c2 = dense.parameter("conv2.weight");
  std::fill(c1.data.begin(), c1.data.begin() + 10 * 25, 0.0f);
  std::fill(c2.data.begin(), c2.data.begin() + 25 * 20 * 25, 0.0f);
  return dense.withWeights({{"conv1.weight", {c1.data.data(), c1.shape}},
                            {"conv2.weight", {c2.data.data(), c2.shape}}});
}

template <typename Fn>
std::string errorOf(Fn &&fn, sslc::ErrorKind kind) {
  try {
    fn();
  } catch (const sslc::Error &e) {
    EXPECT_EQ(sslc::errorKindName(e.kind()), std::string(sslc::errorKindName(kind)))
        << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no sslc::Error thrown";
  return "";
}

std::string scratchDir() {
  std::string tmpl = ::testing::TempDir() + "sslc_api_XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const char *dir = mkdtemp(buf.data());
  return dir ? dir : "";
}

TEST(ApiTest, SignatureOfZooModels) {
  sslc::Model m = sslc::Model::load("lenet");
  ASSERT_EQ(m.inputs().size(), 1u);
  EXPECT_EQ(m.inputs()[0].name, "input");
  EXPECT_EQ(m.inputs()[0].shape, (Shape{1, 1, 28, 28}));
  EXPECT_EQ(m.outputs()[0].name, "output");
  EXPECT_EQ(m.outputs()[0].shape, (Shape{1, 10}));
  sslc::LoadOptions options;
  options.batch = 4;
  EXPECT_EQ(sslc::Model::load("mlp", options).inputs()[0].shape,
            (Shape{4, 784}));
  bool hasConv1 = false;
  for (const sslc::TensorInfo &p : m.parameters())
    hasConv1 |= p.name == "conv1.weight" && p.shape == Shape{20, 1, 5, 5};
  EXPECT_TRUE(hasConv1);
}

TEST(ApiTest, LenetMatchesNaiveLoops) {
  sslc::Model m = sslc::Model::load("lenet");
  sslc::CompiledModel c = sslc::compile(m, {"host", 2});
  std::vector<float> x = sslc::test::randomValues(784, 1), y(10, NAN);
  c.run({{x.data(), {1, 1, 28, 28}}}, {{y.data(), {1, 10}}});
  expectClose(y, naiveLenet(m, x));
  // The allocating form computes the same.
  std::vector<sslc::HostTensor> r = c.run({{x.data(), {1, 1, 28, 28}}});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].shape, (Shape{1, 10}));
  EXPECT_EQ(r[0].data, y);
}

// A second compile of the same model, in any process, loads the code the
// first stored; both compute what in-process JIT code computes.
TEST(ApiTest, CompileCacheServesTheSecondCompile) {
  std::string dir = scratchDir();
  ASSERT_FALSE(dir.empty());
  sslc::Model m = sslc::Model::load("lenet");
  sslc::CompileOptions jitOnly{"host", 2, "off"};
  sslc::CompileOptions cached{"host", 2, dir + "/cache"};
  sslc::CompiledModel reference = sslc::compile(m, jitOnly);
  EXPECT_FALSE(reference.loadedFromCache());
  sslc::CompiledModel first = sslc::compile(m, cached);
  EXPECT_FALSE(first.loadedFromCache());
  sslc::CompiledModel second = sslc::compile(m, cached);
  EXPECT_TRUE(second.loadedFromCache());
  EXPECT_EQ(second.pipelineCount(), 1);
  EXPECT_EQ(second.outputs()[0].shape, (Shape{1, 10}));
  std::vector<float> x = sslc::test::randomValues(784, 3);
  std::vector<float> want = reference.run({{x.data(), {1, 1, 28, 28}}})[0].data;
  expectClose(want, naiveLenet(m, x));
  EXPECT_EQ(first.run({{x.data(), {1, 1, 28, 28}}})[0].data, want);
  EXPECT_EQ(second.run({{x.data(), {1, 1, 28, 28}}})[0].data, want);
  // Other weights are another entry, not the stored code.
  sslc::Model pruned = sparseLenet().prune();
  sslc::CompiledModel other = sslc::compile(pruned, cached);
  EXPECT_FALSE(other.loadedFromCache());
  // Shape errors are still caught before the cached code runs.
  std::vector<float> y(9);
  std::string e = errorOf(
      [&] { second.run({{x.data(), {1, 1, 28, 28}}}, {{y.data(), {1, 9}}}); },
      sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("expected shape [1, 10], found [1, 9]"), std::string::npos)
      << e;
}

TEST(ApiTest, PrunedMatchesUnprunedAndNaive) {
  sslc::Model sparse = sslc::Model::load("lenet");
  sparse = sparseLenet();
  sslc::Model pruned = sparse.prune();
  EXPECT_FALSE(sparse.isPruned());
  EXPECT_TRUE(pruned.isPruned());
  sslc::CompiledModel dense = sslc::compile(sparse);
  sslc::CompiledModel small = sslc::compile(pruned, {"host", 1});
  std::vector<float> x = sslc::test::randomValues(784, 2), yDense(10),
                     ySmall(10);
  dense.run({{x.data(), {1, 1, 28, 28}}}, {{yDense.data(), {1, 10}}});
  small.run({{x.data(), {1, 1, 28, 28}}}, {{ySmall.data(), {1, 10}}});
  expectClose(yDense, naiveLenet(sparse, x));
  expectClose(ySmall, yDense);
  // The pruned network has the smaller weights.
  bool found = false;
  for (const sslc::TensorInfo &p : pruned.parameters())
    if (p.name == "conv2.weight") {
      found = true;
      EXPECT_EQ(p.shape, (Shape{25, 10, 5, 5}));
    }
  EXPECT_TRUE(found);
}

TEST(ApiTest, ReportCountsLiveGroups) {
  sslc::StructureReport r = sparseLenet().report();
  ASSERT_EQ(r.layers.size(), 4u);
  const sslc::LayerReport &c1 = r.layers[0], &c2 = r.layers[1],
                          &ip1 = r.layers[2];
  EXPECT_EQ(c1.name, "conv1");
  EXPECT_EQ(c1.kind, "conv");
  EXPECT_EQ(c1.liveFilters, 10);
  EXPECT_EQ(c1.filters, 20);
  EXPECT_EQ(c1.prunedShape, (Shape{10, 1, 5, 5}));
  EXPECT_EQ(c2.liveFilters, 25);
  EXPECT_EQ(c2.liveChannels, 20); // zero channels come from conv1's filters
  EXPECT_EQ(c2.liveShapeColumns, 500);
  EXPECT_NEAR(c2.sparsity, 0.5, 1e-9);
  EXPECT_EQ(c2.prunedShape, (Shape{25, 10, 5, 5}));
  EXPECT_EQ(ip1.kind, "dense");
  EXPECT_EQ(ip1.prunedShape, (Shape{500, 400}));
  EXPECT_FALSE(c2.removed);
  EXPECT_LT(r.prunedFlops, r.flops);
  EXPECT_LT(r.prunedParameters, r.parameters);
  std::string text = r.text();
  EXPECT_NE(text.find("conv2          conv    25/50"), std::string::npos)
      << text;
  EXPECT_NE(text.find("FLOPs after ssl-prune"), std::string::npos) << text;
}

TEST(ApiTest, ModelsAreValues) {
  sslc::Model dense = sslc::Model::load("lenet");
  sslc::Model sparse = dense.withWeights(
      {{"conv1.bias", {std::vector<float>(20, 0.5f).data(), {20}}}});
  EXPECT_NE(dense.parameter("conv1.bias").data, std::vector<float>(20, 0.5f));
  EXPECT_EQ(sparse.parameter("conv1.bias").data, std::vector<float>(20, 0.5f));
}

TEST(ApiTest, ExportWritesLibraryAndHeader) {
  std::string dir = scratchDir();
  ASSERT_FALSE(dir.empty());
  sslc::CompiledModel c = sslc::compile(sparseLenet().prune());
  c.exportLibrary(dir + "/lenet_pruned");
  std::ifstream header(dir + "/lenet_pruned.h");
  std::stringstream text;
  text << header.rdbuf();
  EXPECT_NE(text.str().find("int lenet_pruned(struct halide_buffer_t *_input"),
            std::string::npos)
      << text.str();
  EXPECT_TRUE(std::ifstream(dir + "/lenet_pruned.a").good());
  std::string e = errorOf([&] { c.exportLibrary(dir + "/bad-name"); },
                          sslc::ErrorKind::Export);
  EXPECT_NE(e.find("output name 'bad-name' must be a C identifier"),
            std::string::npos)
      << e;
}

TEST(ApiTest, ErrorsCarryTheCliMessages) {
  std::string e = errorOf([] { sslc::Model::load("nonet"); },
                          sslc::ErrorKind::Load);
  EXPECT_NE(e.find("unknown model 'nonet' (expected a .mlir file or one of: "
                   "lenet, mlp"),
            std::string::npos)
      << e;
  e = errorOf([] { sslc::Model::load("/nonexistent/m.mlir"); },
              sslc::ErrorKind::Load);
  EXPECT_EQ(e, "/nonexistent/m.mlir: no such file");
  e = errorOf([] { sslc::Model::load("model.txt"); }, sslc::ErrorKind::Load);
  EXPECT_NE(e.find("model.txt: unsupported model file"), std::string::npos)
      << e;
  sslc::LoadOptions weights;
  weights.weights = "/nonexistent/w.safetensors";
  e = errorOf([&] { sslc::Model::load("lenet", weights); },
              sslc::ErrorKind::Load);
  EXPECT_NE(e.find("/nonexistent/w.safetensors"), std::string::npos) << e;
  sslc::Model m = sslc::Model::load("lenet");
  std::vector<float> w(10);
  e = errorOf([&] { (void)m.withWeights({{"conv1.bias", {w.data(), {10}}}}); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(e, "weights: parameter 'conv1.bias' expects shape [20], file has "
               "[10]");
  e = errorOf([&] { (void)m.withWeights({{"conv9.bias", {w.data(), {10}}}}); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("'conv9.bias' does not name a parameter"),
            std::string::npos)
      << e;
  e = errorOf([&] { sslc::compile(m, {"nosuchtarget", 0}); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("nosuchtarget"), std::string::npos) << e;
  e = errorOf([&] { sslc::compile(m, {"host", -1}); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("'threads' expects an integer >= 1"), std::string::npos);

  sslc::CompiledModel c = sslc::compile(m);
  std::vector<float> x(784), y(10);
  e = errorOf([&] { c.run({{x.data(), {1, 784}}}, {{y.data(), {1, 10}}}); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(e, "input: expected shape [1, 1, 28, 28], found [1, 784]");
  e = errorOf([&] { c.run({}, {{y.data(), {1, 10}}}); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(e, "expected 1 input(s) and 1 output(s), got 0 and 1");
}

/// A .mlir parse error names the file, line and column as sslc prints it.
TEST(ApiTest, ParseErrorsNameThePosition) {
  std::string dir = scratchDir();
  std::string path = dir + "/broken.mlir";
  std::ofstream(path) << "module {\n  func.func @main( {\n}\n";
  std::string e = errorOf([&] { sslc::Model::load(path); },
                          sslc::ErrorKind::Load);
  EXPECT_EQ(e.rfind(path + ":2:", 0), 0u) << e;
  EXPECT_NE(e.find(": error: "), std::string::npos) << e;
}

} // namespace

namespace {

/// A few steps of sslc's train step on the MLP: the loss falls, weights move,
/// the model it returns has them, and bad arguments are errors.
TEST(ApiTest, TrainSessionSteps) {
  sslc::LoadOptions load;
  load.batch = 8;
  sslc::Model m = sslc::Model::load("mlp", load);
  sslc::TrainStepOptions options;
  options.ssl = {{"row", 0.001f}, {"ip1.column", 0.002f}};
  options.threads = 2;
  sslc::TrainSession session = sslc::TrainSession::compile(m, options);
  std::vector<float> x = sslc::test::randomValues(8 * 784, 5);
  std::vector<int64_t> labels = {0, 1, 2, 3, 4, 5, 6, 7};
  float first = session.step({x.data(), {8, 784}}, labels, 0.05f);
  float loss = first;
  for (int i = 0; i < 4; ++i)
    loss = session.step({x.data(), {8, 784}}, labels, 0.05f);
  EXPECT_TRUE(std::isfinite(first));
  EXPECT_LT(loss, first);
  sslc::HostTensor w = session.state("ip1.weight");
  EXPECT_NE(w.data, m.parameter("ip1.weight").data);
  EXPECT_EQ(session.model().parameter("ip1.weight").data, w.data);
  bool velocity = false;
  for (const sslc::TensorInfo &t : session.state())
    velocity |= t.name == "ip1.weight.momentum_buffer";
  EXPECT_TRUE(velocity);

  std::string e = errorOf(
      [&] { session.step({x.data(), {4, 784}}, labels, 0.05f); },
      sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(e, "images: expected shape [8, 784], found [4, 784]");
  e = errorOf([&] { session.step({x.data(), {8, 784}}, {1, 2}, 0.05f); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(e, "labels: expected 8 class indices, found 2");
  e = errorOf([&] { session.step({x.data(), {8, 784}}, labels, 0.0f); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("lr: expected a number > 0"), std::string::npos) << e;
  sslc::TrainStepOptions bad;
  bad.ssl = {{"filters", 1.0f}};
  e = errorOf([&] { sslc::TrainSession::compile(m, bad); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("got 'filters'"), std::string::npos) << e;
}

} // namespace

namespace {

/// A residual block (stem, then conv-bn-relu-conv-bn added to its input),
/// as ssl-derive-train-step's depth_bn test has it.
const char *kResidualBlock =
      "ml_program.global private mutable @stem.weight(dense<0.5> : tensor<2x1x3x3xf32>) : tensor<2x1x3x3xf32>\n"
      "ml_program.global private mutable @bn0.weight(dense<1.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @bn0.bias(dense<0.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @bn0.running_mean(dense<0.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @bn0.running_var(dense<1.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.conv1.weight(dense<0.25> : tensor<2x2x3x3xf32>) : tensor<2x2x3x3xf32>\n"
      "ml_program.global private mutable @b.bn1.weight(dense<1.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.bn1.bias(dense<0.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.bn1.running_mean(dense<0.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.bn1.running_var(dense<1.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.conv2.weight(dense<0.25> : tensor<2x2x3x3xf32>) : tensor<2x2x3x3xf32>\n"
      "ml_program.global private mutable @b.bn2.weight(dense<1.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.bn2.bias(dense<0.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.bn2.running_mean(dense<0.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @b.bn2.running_var(dense<1.0> : tensor<2xf32>) : tensor<2xf32>\n"
      "ml_program.global private mutable @fc.weight(dense<0.125> : tensor<3x32xf32>) : tensor<3x32xf32>\n"
      "func.func @main(%x: tensor<2x1x4x4xf32>) -> tensor<2x3xf32> {\n"
      "  %ws = ml_program.global_load @stem.weight : tensor<2x1x3x3xf32>\n"
      "  %s = ssl.conv2d %x, %ws {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x1x4x4xf32>, tensor<2x1x3x3xf32>) -> tensor<2x2x4x4xf32>\n"
      "  %g0 = ml_program.global_load @bn0.weight : tensor<2xf32>\n"
      "  %b0 = ml_program.global_load @bn0.bias : tensor<2xf32>\n"
      "  %m0 = ml_program.global_load @bn0.running_mean : tensor<2xf32>\n"
      "  %v0 = ml_program.global_load @bn0.running_var : tensor<2xf32>\n"
      "  %n0 = ssl.batch_norm %s, %g0, %b0, %m0, %v0 : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>\n"
      "  %h = ssl.relu %n0 : tensor<2x2x4x4xf32>\n"
      "  %w1 = ml_program.global_load @b.conv1.weight : tensor<2x2x3x3xf32>\n"
      "  %c1 = ssl.conv2d %h, %w1 {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<2x2x4x4xf32>\n"
      "  %g1 = ml_program.global_load @b.bn1.weight : tensor<2xf32>\n"
      "  %b1 = ml_program.global_load @b.bn1.bias : tensor<2xf32>\n"
      "  %m1 = ml_program.global_load @b.bn1.running_mean : tensor<2xf32>\n"
      "  %v1 = ml_program.global_load @b.bn1.running_var : tensor<2xf32>\n"
      "  %n1 = ssl.batch_norm %c1, %g1, %b1, %m1, %v1 : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>\n"
      "  %r1 = ssl.relu %n1 : tensor<2x2x4x4xf32>\n"
      "  %w2 = ml_program.global_load @b.conv2.weight : tensor<2x2x3x3xf32>\n"
      "  %c2 = ssl.conv2d %r1, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<2x2x4x4xf32>\n"
      "  %g2 = ml_program.global_load @b.bn2.weight : tensor<2xf32>\n"
      "  %b2 = ml_program.global_load @b.bn2.bias : tensor<2xf32>\n"
      "  %m2 = ml_program.global_load @b.bn2.running_mean : tensor<2xf32>\n"
      "  %v2 = ml_program.global_load @b.bn2.running_var : tensor<2xf32>\n"
      "  %n2 = ssl.batch_norm %c2, %g2, %b2, %m2, %v2 : (tensor<2x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2x2x4x4xf32>\n"
      "  %sum = ssl.add %n2, %h : tensor<2x2x4x4xf32>\n"
      "  %o = ssl.relu %sum : tensor<2x2x4x4xf32>\n"
      "  %f = ssl.flatten %o : tensor<2x2x4x4xf32> -> tensor<2x32xf32>\n"
      "  %fw = ml_program.global_load @fc.weight : tensor<3x32xf32>\n"
      "  %y = ssl.dense %f, %fw : (tensor<2x32xf32>, tensor<3x32xf32>) -> tensor<2x3xf32>\n"
      "  return %y : tensor<2x3xf32>\n"
      "}\n";

/// TrainSession takes every kind by name, depth_bn included, the proximal
/// update and group-wise fine-tuning: a proximal depth_bn step far above
/// the groups' norms puts each branch conv with its batch norm's γ and β on
/// exact zero and leaves the stem; fine-tuning the result keeps them there
/// while the rest trains on.
TEST(ApiTest, TrainSessionDepthBnProximalAndFinetune) {
  std::string path = scratchDir() + "/block.mlir";
  std::ofstream(path) << kResidualBlock;
  sslc::Model m = sslc::Model::load(path);
  std::vector<float> x = sslc::test::randomValues(2 * 16, 11);
  std::vector<int64_t> labels = {0, 2};
  const std::vector<std::string> group = {"b.conv1.weight", "b.bn1.weight",
                                          "b.bn1.bias",     "b.conv2.weight",
                                          "b.bn2.weight",   "b.bn2.bias"};
  auto allZero = [](const sslc::HostTensor &t) {
    return std::all_of(t.data.begin(), t.data.end(),
                       [](float v) { return v == 0.0f; });
  };

  sslc::TrainStepOptions options;
  options.ssl = {{"depth_bn", 1000.0f}};
  options.sslUpdate = "proximal";
  options.threads = 1;
  sslc::TrainSession ssl = sslc::TrainSession::compile(m, options);
  ssl.step({x.data(), {2, 1, 4, 4}}, labels, 0.1f);
  for (const std::string &name : group)
    EXPECT_TRUE(allZero(ssl.state(name))) << name;
  EXPECT_FALSE(allZero(ssl.state("stem.weight")));

  sslc::TrainStepOptions tune;
  tune.finetune = "groups";
  tune.threads = 1;
  sslc::Model dead = ssl.model();
  sslc::TrainSession ft = sslc::TrainSession::compile(dead, tune);
  for (int i = 0; i < 3; ++i)
    ft.step({x.data(), {2, 1, 4, 4}}, labels, 0.1f);
  for (const std::string &name : group)
    EXPECT_TRUE(allZero(ft.state(name))) << name;
  EXPECT_NE(ft.state("fc.weight").data, dead.parameter("fc.weight").data);

  sslc::TrainStepOptions bad;
  bad.sslUpdate = "sideways";
  std::string e = errorOf([&] { sslc::TrainSession::compile(m, bad); },
                          sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("got 'sideways'"), std::string::npos) << e;
  bad.sslUpdate = "filters=proximal";
  e = errorOf([&] { sslc::TrainSession::compile(m, bad); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("got 'filters'"), std::string::npos) << e;
  bad.sslUpdate.clear();
  bad.finetune = "all";
  e = errorOf([&] { sslc::TrainSession::compile(m, bad); },
              sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("got 'all'"), std::string::npos) << e;
}

} // namespace

namespace {

std::string readText(const std::string &path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

/// exportLibrary(Model) writes the same artefacts as a compiled model's, and
/// the Inference IR, without JIT-compiling.
TEST(ApiTest, ExportWithoutCompiling) {
  std::string dir = scratchDir();
  ASSERT_FALSE(dir.empty());
  sslc::Model pruned = sparseLenet().prune();
  sslc::exportLibrary(pruned, dir + "/aot");
  EXPECT_NE(readText(dir + "/aot.h").find("int aot(struct halide_buffer_t"),
            std::string::npos);
  EXPECT_TRUE(std::ifstream(dir + "/aot.a").good());
  sslc::ExportOptions mlir;
  mlir.kind = sslc::ExportKind::Mlir;
  sslc::exportLibrary(pruned, dir + "/ir", mlir);
  std::string text = readText(dir + "/ir.mlir");
  EXPECT_EQ(text, pruned.inferenceMlir());
  // conv1 keeps its 10 live filters.
  EXPECT_NE(text.find("tensor<10x1x5x5xf32>"), std::string::npos);
  EXPECT_NE(text.find("func.func @main"), std::string::npos);
  sslc::ExportOptions bad;
  bad.target = "host-tpu";
  std::string e = errorOf([&] { sslc::exportLibrary(pruned, dir + "/x", bad); },
                          sslc::ErrorKind::InvalidArgument);
  EXPECT_NE(e.find("unknown target 'host-tpu'"), std::string::npos) << e;
  EXPECT_FALSE(std::ifstream(dir + "/x.a").good());
}

TEST(ApiTest, NpyRoundTripAndErrors) {
  std::string dir = scratchDir();
  std::vector<float> values = sslc::test::randomValues(2 * 3 * 4, 7);
  sslc::writeNpy(dir + "/t.npy", {values.data(), {2, 3, 4}});
  sslc::HostTensor t = sslc::readNpy(dir + "/t.npy");
  EXPECT_EQ(t.shape, (Shape{2, 3, 4}));
  EXPECT_EQ(t.data, values);
  std::string e = errorOf([&] { sslc::readNpy(dir + "/missing.npy"); },
                          sslc::ErrorKind::Load);
  EXPECT_NE(e.find(dir + "/missing.npy"), std::string::npos) << e;
  std::ofstream(dir + "/bad.npy") << "not an npy file";
  e = errorOf([&] { sslc::readNpy(dir + "/bad.npy"); }, sslc::ErrorKind::Load);
  EXPECT_EQ(e.rfind(dir + "/bad.npy", 0), 0u) << e;
  e = errorOf([&] { sslc::writeNpy(dir + "/no/such/dir/t.npy",
                                   {values.data(), {24}}); },
              sslc::ErrorKind::Export);
  EXPECT_NE(e.find("no/such/dir"), std::string::npos) << e;
}

/// evaluate() batches the data set, pads the last batch and compares the
/// argmax of each output with its label: the same predictions as running
/// every image on its own.
TEST(ApiTest, EvaluateMatchesImageByImage) {
  const int64_t n = 7;
  sslc::ImageDataset data;
  data.images = {{n, 1, 28, 28}, sslc::test::randomValues(n * 784, 11)};
  sslc::Model one = sslc::Model::load("lenet");
  sslc::CompiledModel single = sslc::compile(one);
  std::vector<int64_t> expected;
  for (int64_t i = 0; i < n; ++i) {
    std::vector<float> y(10);
    single.run({{data.images.data.data() + i * 784, {1, 1, 28, 28}}},
               {{y.data(), {1, 10}}});
    expected.push_back(std::max_element(y.begin(), y.end()) - y.begin());
    // Every other label right, so the error count is known.
    data.labels.push_back(i % 2 ? expected.back() : (expected.back() + 1) % 10);
  }
  sslc::LoadOptions four;
  four.batch = 4;
  sslc::CompiledModel batched = sslc::compile(sslc::Model::load("lenet", four));
  sslc::Evaluation e = sslc::evaluate(batched, data);
  EXPECT_EQ(e.predictions, expected);
  EXPECT_EQ(e.samples, n);
  EXPECT_EQ(e.errors, 4);
  EXPECT_NEAR(e.errorRate(), 4.0 / 7.0, 1e-12);

  sslc::ImageDataset small;
  small.images = {{2, 1, 14, 14}, std::vector<float>(2 * 196, 0.5f)};
  small.labels = {0, 1};
  std::string m = errorOf([&] { sslc::evaluate(batched, small); },
                          sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(m, "model input [4, 1, 28, 28] does not take images of 196 "
               "values");
}

TEST(ApiTest, LoadDatasetNamesTheSpec) {
  std::string e = errorOf([] { sslc::loadDataset("imagenet"); },
                          sslc::ErrorKind::InvalidArgument);
  EXPECT_EQ(e, "option '--dataset' expects mnist, fashion-mnist or "
               "cifar10:DIR, got 'imagenet'");
  e = errorOf([] { sslc::loadDataset("cifar10:/nonexistent/cifar"); },
              sslc::ErrorKind::Load);
  EXPECT_NE(e.find("/nonexistent/cifar"), std::string::npos) << e;
}

/// The report lists the zero filters pruning keeps with their rule, and
/// writes its two figures.
TEST(ApiTest, ReportExplainsKeptFiltersAndWritesFigures) {
  std::string dir = scratchDir();
  std::string path = dir + "/kept.mlir";
  // p1's filter 1 outputs its bias 2, which the padded p2 cannot absorb.
  std::ofstream(path) << R"(
ml_program.global private mutable @p1.weight(dense<[[[[1.5]]], [[[0.0]]]]> : tensor<2x1x1x1xf32>) : tensor<2x1x1x1xf32>
ml_program.global private mutable @p1.bias(dense<[0.5, 2.0]> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @p2.weight(dense<1.0> : tensor<1x2x3x3xf32>) : tensor<1x2x3x3xf32>
func.func @main(%x: tensor<1x1x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w1 = ml_program.global_load @p1.weight : tensor<2x1x1x1xf32>
  %b1 = ml_program.global_load @p1.bias : tensor<2xf32>
  %y = ssl.conv2d %x, %w1, %b1 : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  %w2 = ml_program.global_load @p2.weight : tensor<1x2x3x3xf32>
  %z = ssl.conv2d %y, %w2 {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x1x3x3xf32>
  return %z : tensor<1x1x3x3xf32>
}
)";
  sslc::Model m = sslc::Model::load(path);
  sslc::StructureReport r = m.report();
  ASSERT_EQ(r.keptZeroFilters.size(), 1u);
  EXPECT_EQ(r.keptZeroFilters[0].layer, "p1");
  EXPECT_EQ(r.keptZeroFilters[0].count, 1);
  EXPECT_EQ(r.keptZeroFilters[0].reason,
            "'p2' zero-pads it, and a nonzero constant is position-dependent "
            "there");
  EXPECT_NE(r.text().find("zero filters whose channel ssl-prune keeps (a "
                          "constant, not computed):\n  p1: 1 ('p2' zero-pads"),
            std::string::npos)
      << r.text();
  EXPECT_TRUE(sparseLenet().report().keptZeroFilters.empty());

  std::vector<std::string> figures =
      sparseLenet().writeReportFigures(dir + "/figures");
  ASSERT_EQ(figures.size(), 2u);
  EXPECT_EQ(figures[0], dir + "/figures/conv1_filters.svg");
  EXPECT_EQ(figures[1], dir + "/figures/live_structure.svg");
  for (const std::string &f : figures)
    EXPECT_EQ(readText(f).rfind("<svg", 0), 0u) << f;
  // conv1's 20 filters of 5x5 pixels are 500 gray cells, the first 10 of
  // them dead.
  std::string grid = readText(figures[0]);
  size_t cells = 0;
  for (size_t at = grid.find("fill=\"rgb("); at != std::string::npos;
       at = grid.find("fill=\"rgb(", at + 1))
    ++cells;
  EXPECT_EQ(cells, 500u);
  EXPECT_NE(grid.find("<g id=\"filter-9\" class=\"dead\">"), std::string::npos);
  EXPECT_NE(grid.find("<g id=\"filter-10\">"), std::string::npos);
  EXPECT_NE(grid.find("10 of 20 live"), std::string::npos);
  // conv2 lost 25 of its 50 filters.
  EXPECT_NE(readText(figures[1]).find(">25/50</text>"), std::string::npos);
}

/// train() is `sslc train`: a few steps write the parameters and a
/// checkpoint, and bad options are errors naming them.
TEST(ApiTest, TrainRunsTheTrainer) {
  std::string dir = scratchDir();
  std::map<std::string, std::string> options = {
      {"model", "mlp"},         {"dataset", "mnist"},
      {"output", dir + "/mlp.safetensors"},
      {"batch", "16"},          {"max-steps", "3"},
      {"eval-samples", "64"},   {"ssl", "column=0.001"}};
  std::ostringstream log;
  sslc::train(options, log);
  EXPECT_NE(log.str().find("wrote " + dir + "/mlp.safetensors"),
            std::string::npos)
      << log.str();
  sslc::Model initial = sslc::Model::load("mlp");
  sslc::LoadOptions trained;
  trained.weights = dir + "/mlp.safetensors";
  sslc::Model m = sslc::Model::load("mlp", trained);
  EXPECT_NE(m.parameter("ip1.weight").data,
            initial.parameter("ip1.weight").data);
  EXPECT_TRUE(std::ifstream(dir + "/mlp.ckpt.safetensors").good());

  auto bad = [&](const std::string &name, const std::string &value) {
    std::map<std::string, std::string> o = options;
    o[name] = value;
    o["output"] = dir + "/bad.safetensors";
    std::ostringstream quiet;
    return errorOf([&] { sslc::train(o, quiet); },
                   sslc::ErrorKind::InvalidArgument);
  };
  EXPECT_EQ(bad("learning-rate", "1"),
            "unknown option '--learning-rate' for 'train'");
  EXPECT_NE(bad("lr", "-1").find("option '--lr' expects a number >= 0"),
            std::string::npos);
  EXPECT_NE(bad("ssl", "conv9.filter=0.1").find("option '--ssl'"),
            std::string::npos);
  std::map<std::string, std::string> noOutput = options;
  noOutput.erase("output");
  EXPECT_EQ(errorOf([&] { sslc::train(noOutput, log); },
                    sslc::ErrorKind::InvalidArgument),
            "train expects -o OUT.safetensors");
  options["init"] = dir + "/missing.safetensors";
  options["output"] = dir + "/bad.safetensors";
  EXPECT_NE(errorOf([&] { sslc::train(options, log); },
                    sslc::ErrorKind::Train)
                .find(dir + "/missing.safetensors"),
            std::string::npos);
  EXPECT_FALSE(std::ifstream(dir + "/bad.safetensors").good());
}

} // namespace
