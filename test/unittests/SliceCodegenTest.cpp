//===- SliceCodegenTest.cpp - dense + relu through the Halide backend -----===//
//
// JIT results against naive loops on random data, and the AOT artefacts:
// a host static library linked into a consumer that uses only the library
// and the Halide runtime, and a CUDA library that carries PTX.
//
//===----------------------------------------------------------------------===//
#include "codegen/Codegen.h"
#include "frontends/Builder.h"
#include "TestUtil.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace sslc;

namespace {

/// dense(K→M1) → relu → dense(M1→M2), random weights and biases.
struct TwoLayerNet {
  int N, K, M1, M2;
  std::vector<float> w1, b1, w2, b2;

  TwoLayerNet(int N, int K, int M1, int M2, uint64_t seed)
      : N(N), K(K), M1(M1), M2(M2),
        w1(test::randomValues(size_t(M1) * K, seed)),
        b1(test::randomValues(M1, seed + 1)),
        w2(test::randomValues(size_t(M2) * M1, seed + 2)),
        b2(test::randomValues(M2, seed + 3)) {}

  mlir::OwningOpRef<mlir::ModuleOp> build(mlir::MLIRContext &ctx) const {
    NetworkBuilder b(&ctx, {N, K}, 0);
    mlir::Value h = b.relu(b.dense(b.input(),
                                   b.parameter("l1.weight", {M1, K}, w1),
                                   b.parameter("l1.bias", {M1}, b1)));
    mlir::Value y = b.dense(h, b.parameter("l2.weight", {M2, M1}, w2),
                            b.parameter("l2.bias", {M2}, b2));
    return b.finish(y);
  }

  /// Reference output and, per element, Σ|terms| of the last layer (the
  /// scale that float rounding error is proportional to).
  std::vector<double> reference(const std::vector<float> &x,
                                std::vector<double> &scale) const {
    std::vector<double> h = test::naiveDense(x, w1, b1, N, K, M1, true);
    std::vector<float> hf(h.begin(), h.end());
    return test::naiveDense(hf, w2, b2, N, M1, M2, false, &scale);
  }
};

void expectClose(const std::vector<float> &got,
                 const std::vector<double> &want,
                 const std::vector<double> &scale, double rel) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_LE(std::fabs(got[i] - want[i]), rel * std::max(scale[i], 1e-30))
        << "element " << i << ": got " << got[i] << ", want " << want[i];
}

struct Shape {
  int N, K, M1, M2;
};

class SliceJit : public ::testing::TestWithParam<Shape> {};

TEST_P(SliceJit, MatchesNaiveLoops) {
  Shape s = GetParam();
  TwoLayerNet net(s.N, s.K, s.M1, s.M2, 7);
  mlir::MLIRContext ctx;
  auto module = net.build(ctx);
  auto exe = codegen::Executable::compile(*module, {});
  ASSERT_TRUE(succeeded(exe));
  EXPECT_EQ((*exe)->inputShapes()[0], (std::vector<int64_t>{s.N, s.K}));
  EXPECT_EQ((*exe)->outputShapes()[0], (std::vector<int64_t>{s.N, s.M2}));

  Tensor x({s.N, s.K});
  x.data = test::randomValues(x.numElements(), 99);
  Tensor y;
  std::string error;
  ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  std::vector<double> scale;
  std::vector<double> want = net.reference(x.data, scale);
  expectClose(y.data, want, scale, 1e-6);

  // A second run into the same output reuses its buffer.
  const float *before = y.data.data();
  x.data = test::randomValues(x.numElements(), 100);
  ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
  EXPECT_EQ(y.data.data(), before);
  expectClose(y.data, net.reference(x.data, scale), scale, 1e-6);
}

INSTANTIATE_TEST_SUITE_P(Shapes, SliceJit,
                         ::testing::Values(Shape{1, 13, 3, 10},
                                           Shape{3, 50, 77, 13},
                                           Shape{4, 784, 500, 10},
                                           Shape{2, 77, 16, 32}),
                         [](const ::testing::TestParamInfo<Shape> &info) {
                           const Shape &s = info.param;
                           return "N" + std::to_string(s.N) + "_K" +
                                  std::to_string(s.K) + "_M" +
                                  std::to_string(s.M1) + "_" +
                                  std::to_string(s.M2);
                         });

TEST(SliceJitErrors, WrongInputShapeIsAnError) {
  TwoLayerNet net(1, 13, 3, 10, 1);
  mlir::MLIRContext ctx;
  auto module = net.build(ctx);
  auto exe = codegen::Executable::compile(*module, {});
  ASSERT_TRUE(succeeded(exe));
  Tensor x({1, 12}), y;
  std::string error;
  EXPECT_FALSE((*exe)->run({&x}, {&y}, error));
  EXPECT_NE(error.find("expects shape [1, 13]"), std::string::npos) << error;
}

TEST(SliceJitErrors, UnknownTargetIsADiagnostic) {
  TwoLayerNet net(1, 13, 3, 10, 1);
  mlir::MLIRContext ctx;
  std::string diag;
  ctx.getDiagEngine().registerHandler([&](mlir::Diagnostic &d) {
    diag += d.str();
    return mlir::success();
  });
  auto module = net.build(ctx);
  codegen::CompileOptions options;
  options.target = "host-quantum";
  EXPECT_TRUE(failed(codegen::Executable::compile(*module, options)));
  EXPECT_NE(diag.find("unknown target 'host-quantum'"), std::string::npos)
      << diag;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SliceAot, ConsumerLinksOnlyLibraryAndRuntime) {
  TwoLayerNet net(2, 50, 77, 13, 11);
  mlir::MLIRContext ctx;
  auto module = net.build(ctx);
  std::string dir = test::makeTempDir();
  ASSERT_TRUE(succeeded(codegen::emitAOT(
      *module, {}, codegen::EmitKind::StaticLibrary, dir + "/slice")));
  std::string header = readFile(dir + "/slice.h");
  EXPECT_NE(header.find("int slice(struct halide_buffer_t *_input_buffer, "
                        "struct halide_buffer_t *_output_buffer)"),
            std::string::npos);

  // The consumer sees the generated header and HalideRuntime.h only; it
  // links the archive (which carries the Halide runtime) and libc.
  std::string consumer = test::sourceDir() + "/test/Codegen/aot_consumer.cpp";
  std::string build = "c++ -std=c++17 -O1 -I" + dir +
                      " -I/usr/include/halide14 -DMODEL_HEADER='\"slice.h\"' "
                      "-DMODEL_FN=slice " + consumer + " " + dir +
                      "/slice.a -lpthread -ldl -o " + dir + "/consumer";
  test::CommandResult built = test::runCommand(build);
  ASSERT_EQ(built.exitCode, 0) << build << "\n" << built.output;

  std::vector<float> x = test::randomValues(2 * 50, 5);
  {
    std::ofstream in(dir + "/x.bin", std::ios::binary);
    in.write(reinterpret_cast<const char *>(x.data()), x.size() * 4);
  }
  test::CommandResult ran = test::runCommand(
      dir + "/consumer 2 50 13 " + dir + "/x.bin " + dir + "/y.bin");
  ASSERT_EQ(ran.exitCode, 0) << ran.output;
  std::string y = readFile(dir + "/y.bin");
  ASSERT_EQ(y.size(), 2u * 13 * 4);
  std::vector<float> got(2 * 13);
  std::memcpy(got.data(), y.data(), y.size());
  std::vector<double> scale;
  expectClose(got, net.reference(x, scale), scale, 1e-6);
}

TEST(SliceAot, ObjectAndHeader) {
  TwoLayerNet net(1, 13, 3, 10, 3);
  mlir::MLIRContext ctx;
  auto module = net.build(ctx);
  std::string dir = test::makeTempDir();
  ASSERT_TRUE(succeeded(
      codegen::emitAOT(*module, {}, codegen::EmitKind::Object, dir + "/m")));
  std::string object = readFile(dir + "/m.o");
  ASSERT_GE(object.size(), 4u);
  EXPECT_EQ(object.substr(0, 4), "\x7f" "ELF");
  EXPECT_NE(readFile(dir + "/m.h").find("int m("), std::string::npos);
}

TEST(SliceAot, CudaLibraryCarriesPtx) {
  TwoLayerNet net(1, 50, 77, 13, 4);
  mlir::MLIRContext ctx;
  auto module = net.build(ctx);
  std::string dir = test::makeTempDir();
  codegen::CompileOptions options;
  options.target = "host-cuda-cuda_capability_61";
  ASSERT_TRUE(succeeded(codegen::emitAOT(
      *module, options, codegen::EmitKind::StaticLibrary, dir + "/gpu")));
  std::string archive = readFile(dir + "/gpu.a");
  EXPECT_NE(archive.find(".target sm_61"), std::string::npos);
  EXPECT_NE(archive.find(".entry"), std::string::npos);
}

TEST(SliceAot, FailedCompileLeavesNoFiles) {
  TwoLayerNet net(1, 13, 3, 10, 3);
  mlir::MLIRContext ctx;
  ctx.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  auto module = net.build(ctx);
  std::string dir = test::makeTempDir();
  codegen::CompileOptions options;
  options.entry = "missing";
  EXPECT_TRUE(failed(codegen::emitAOT(
      *module, options, codegen::EmitKind::StaticLibrary, dir + "/x")));
  std::ifstream a(dir + "/x.a"), h(dir + "/x.h");
  EXPECT_FALSE(a.good());
  EXPECT_FALSE(h.good());
}

} // namespace
