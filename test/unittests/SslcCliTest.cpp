//===- SslcCliTest.cpp - the sslc driver end to end -----------------------===//
//
// Runs the sslc binary: `run` on a model file against naive loops, and every
// bad-input path (missing or malformed model, wrong dtype or shape, bad
// options) for a message that names the culprit, a non-zero exit and no
// output file.
//
//===----------------------------------------------------------------------===//
#include "frontends/Builder.h"
#include "frontends/Weights.h"
#include "frontends/Zoo.h"
#include "runtime/Npy.h"
#include "TestUtil.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>
#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace sslc;

namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string sslc() { return test::binDir() + "/sslc"; }

class SslcCli : public ::testing::Test {
protected:
  void SetUp() override {
    dir = test::makeTempDir();
    // A dense + relu model with random, non-zero weights and biases.
    w = test::randomValues(size_t(M) * K, 3);
    b = test::randomValues(M, 4);
    mlir::MLIRContext ctx;
    NetworkBuilder builder(&ctx, {N, K}, 0);
    mlir::Value y = builder.relu(
        builder.dense(builder.input(), builder.parameter("fc.weight", {M, K}, w),
                      builder.parameter("fc.bias", {M}, b)));
    auto module = builder.finish(y);
    model = dir + "/model.mlir";
    std::error_code ec;
    llvm::raw_fd_ostream os(model, ec);
    ASSERT_FALSE(ec);
    module->print(os);
  }

  void writeInput(const std::vector<int64_t> &shape, uint64_t seed) {
    Tensor x(shape);
    x.data = test::randomValues(x.numElements(), seed);
    std::string error;
    ASSERT_TRUE(writeNpy(dir + "/x.npy", x, error)) << error;
    input = x;
  }

  static constexpr int N = 3, K = 77, M = 13;
  std::string dir, model;
  std::vector<float> w, b;
  Tensor input;
};

TEST_F(SslcCli, RunMatchesNaiveLoops) {
  writeInput({N, K}, 5);
  test::CommandResult r = test::runCommand(
      sslc() + " run " + model + " --input " + dir + "/x.npy --output " + dir +
      "/y.npy");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("ms"), std::string::npos) << r.output;
  Tensor y;
  std::string error;
  ASSERT_TRUE(readNpy(dir + "/y.npy", y, error)) << error;
  ASSERT_EQ(y.shape, (std::vector<int64_t>{N, M}));
  std::vector<double> scale;
  std::vector<double> want =
      test::naiveDense(input.data, w, b, N, K, M, true, &scale);
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_LE(std::fabs(y.data[i] - want[i]), 1e-6 * scale[i]) << i;
}

TEST_F(SslcCli, RunThroughTheCompileCache) {
  writeInput({N, K}, 6);
  std::string cache = dir + "/cache";
  std::string base = sslc() + " run " + model + " --input " + dir +
                     "/x.npy --cache-dir " + cache + " --output ";
  test::CommandResult cold = test::runCommand(base + dir + "/cold.npy");
  test::CommandResult warm = test::runCommand(base + dir + "/warm.npy");
  test::CommandResult off = test::runCommand(
      sslc() + " run " + model + " --input " + dir +
      "/x.npy --cache-dir off --output " + dir + "/off.npy");
  ASSERT_EQ(cold.exitCode, 0) << cold.output;
  ASSERT_EQ(warm.exitCode, 0) << warm.output;
  ASSERT_EQ(off.exitCode, 0) << off.output;
  EXPECT_EQ(cold.output.find("from the compile cache"), std::string::npos)
      << cold.output;
  EXPECT_NE(warm.output.find("from the compile cache"), std::string::npos)
      << warm.output;
  EXPECT_EQ(off.output.find("from the compile cache"), std::string::npos);
  Tensor yCold, yWarm, yOff;
  std::string error;
  ASSERT_TRUE(readNpy(dir + "/cold.npy", yCold, error)) << error;
  ASSERT_TRUE(readNpy(dir + "/warm.npy", yWarm, error)) << error;
  ASSERT_TRUE(readNpy(dir + "/off.npy", yOff, error)) << error;
  EXPECT_EQ(yCold.data, yOff.data);
  EXPECT_EQ(yWarm.data, yOff.data);
  std::vector<double> scale;
  std::vector<double> want =
      test::naiveDense(input.data, w, b, N, K, M, true, &scale);
  ASSERT_EQ(yWarm.data.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_LE(std::fabs(yWarm.data[i] - want[i]), 1e-6 * scale[i]) << i;
  test::CommandResult bad = test::runCommand(
      sslc() + " run " + model + " --input " + dir +
      "/x.npy --cache-dir= --output " + dir + "/bad.npy");
  EXPECT_NE(bad.exitCode, 0);
  EXPECT_NE(bad.output.find("option '--cache-dir' expects a folder or 'off'"),
            std::string::npos)
      << bad.output;
}

TEST_F(SslcCli, MissingModelFile) {
  writeInput({N, K}, 5);
  test::CommandResult r = test::runCommand(
      sslc() + " run " + dir + "/nope.mlir --input " + dir +
      "/x.npy --output " + dir + "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find(dir + "/nope.mlir: no such file"), std::string::npos)
      << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, MalformedModelFile) {
  writeInput({N, K}, 5);
  std::string bad = dir + "/bad.mlir";
  std::ofstream(bad) << "module {\n  func.func @main( {\n}\n";
  test::CommandResult r = test::runCommand(
      sslc() + " run " + bad + " --input " + dir + "/x.npy --output " + dir +
      "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find(bad + ":2:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("error"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, UnknownOpInModel) {
  writeInput({N, K}, 5);
  std::string bad = dir + "/unknown.mlir";
  std::ofstream(bad) << "func.func @main(%x: tensor<3x77xf32>) -> "
                        "tensor<3x77xf32> {\n"
                        "  %y = ssl.mish %x : tensor<3x77xf32>\n"
                        "  return %y : tensor<3x77xf32>\n}\n";
  test::CommandResult r = test::runCommand(
      sslc() + " run " + bad + " --input " + dir + "/x.npy --output " + dir +
      "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("ssl.mish"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

/// An error at the module (here: no entry function) names the file and
/// does not print the module, weights and all, after it.
TEST_F(SslcCli, ErrorAtTheModuleDoesNotPrintIt) {
  writeInput({N, K}, 5);
  std::string bad = dir + "/nomain.mlir";
  std::ofstream(bad) << "// no @main\n"
                        "ml_program.global private mutable @w(dense<1.0> : "
                        "tensor<4xf32>) : tensor<4xf32>\n"
                        "func.func @foo(%x: tensor<3x77xf32>) -> "
                        "tensor<3x77xf32> {\n"
                        "  %y = ssl.relu %x : tensor<3x77xf32>\n"
                        "  return %y : tensor<3x77xf32>\n}\n";
  test::CommandResult r = test::runCommand(
      sslc() + " run " + bad + " --input " + dir + "/x.npy --output " + dir +
      "/y.npy");
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("nomain.mlir: error: expects an entry function "
                          "@main"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("see current operation"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("builtin.module"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, InputOfWrongDtype) {
  // A valid .npy of float64.
  std::string header =
      "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 77), }";
  header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
  header += '\n';
  std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size());
  bytes += '\0';
  bytes += header + std::string(3 * 77 * 8, '\0');
  std::ofstream(dir + "/x64.npy", std::ios::binary) << bytes;
  test::CommandResult r = test::runCommand(
      sslc() + " run " + model + " --input " + dir + "/x64.npy --output " +
      dir + "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find(dir + "/x64.npy"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("float32"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, InputOfWrongShape) {
  writeInput({N, K + 1}, 5);
  test::CommandResult r = test::runCommand(
      sslc() + " run " + model + " --input " + dir + "/x.npy --output " + dir +
      "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("expected shape [3, 77], found [3, 78]"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, MissingInputFile) {
  test::CommandResult r = test::runCommand(
      sslc() + " run " + model + " --input " + dir + "/none.npy --output " +
      dir + "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find(dir + "/none.npy: cannot open file"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, CompileWritesLibraryAndHeader) {
  test::CommandResult r = test::runCommand(sslc() + " compile " + model +
                                           " --batch 3 -o " + dir + "/out/net");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(exists(dir + "/out/net.a"));
  std::ifstream h(dir + "/out/net.h");
  std::string header((std::istreambuf_iterator<char>(h)),
                     std::istreambuf_iterator<char>());
  EXPECT_NE(header.find("int net(struct halide_buffer_t *_input_buffer, "
                        "struct halide_buffer_t *_output_buffer)"),
            std::string::npos);
}

TEST_F(SslcCli, CompileEmitsMlir) {
  test::CommandResult r = test::runCommand(
      sslc() + " compile mlp --emit mlir -o " + dir + "/mlp");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  std::ifstream in(dir + "/mlp.mlir");
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("ssl.dense"), std::string::npos);
  EXPECT_NE(text.find("@ip3.weight"), std::string::npos);
}

TEST_F(SslcCli, CompileRejectsBadTargetAndEmit) {
  test::CommandResult r = test::runCommand(
      sslc() + " compile " + model + " --target host-tpu -o " + dir + "/t");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("unknown target 'host-tpu'"), std::string::npos)
      << r.output;
  r = test::runCommand(sslc() + " compile " + model + " --emit exe -o " + dir +
                       "/t");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("--emit expects"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir + "/t.a"));
  EXPECT_FALSE(exists(dir + "/t.h"));
}

TEST_F(SslcCli, UnknownCommandAndOptionGiveUsage) {
  test::CommandResult r = test::runCommand(sslc() + " frobnicate");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.output.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_NE(r.output.find("usage: sslc"), std::string::npos);
  r = test::runCommand(sslc() + " run " + model + " --inptu x.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("Unknown command line argument '--inptu'"),
            std::string::npos);
  EXPECT_NE(r.output.find("Did you mean '--input'?"), std::string::npos);
}

TEST_F(SslcCli, UnknownZooModel) {
  test::CommandResult r =
      test::runCommand(sslc() + " compile lenet9 -o " + dir + "/x");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("unknown model 'lenet9'"), std::string::npos)
      << r.output;
  // A diagnostic without a place is the driver's, not "<unknown>:0:".
  EXPECT_EQ(r.output.rfind("sslc: error: unknown model 'lenet9'", 0), 0u)
      << r.output;
}

// An importer error begins with the file and the node it is about.
TEST_F(SslcCli, OnnxErrorsNameFileAndNodeFirst) {
  std::string onnx = test::sourceDir() + "/test/Frontends/Inputs/error_gelu.onnx";
  writeInput({1, 4}, 5);
  test::CommandResult r = test::runCommand(sslc() + " run " + onnx +
                                           " --input " + dir + "/x.npy" +
                                           " --output " + dir + "/y.npy");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.output.rfind("sslc: error: " + onnx +
                               ": node 'Gelu_0' (Gelu): op type 'Gelu' is "
                               "not supported",
                           0),
            0u)
      << r.output;
  EXPECT_EQ(r.output.find("<unknown>"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, BenchPrintsJson) {
  test::CommandResult r = test::runCommand(
      sslc() + " bench " + model + " --batch 3 --runs 5 --threads 1 --json");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("\"median_ms\": "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"batch\": 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"threads\": 1"), std::string::npos) << r.output;
}

/// LeNet's parameters with conv1 filters 0-7 zeroed, written as
/// safetensors.
std::string writeLenetWithZeroFilters(const std::string &dir) {
  mlir::MLIRContext ctx;
  auto module = buildZooModel(&ctx, "lenet", ZooOptions());
  TensorFile file = collectWeights(*module);
  Tensor &w = file.tensors.at("conv1.weight");
  std::fill(w.data.begin(), w.data.begin() + 8 * 25, 0.0f);
  std::string path = dir + "/lenet.safetensors", error;
  EXPECT_TRUE(writeSafetensors(path, file, error)) << error;
  return path;
}

TEST_F(SslcCli, ReportShowsLearnedStructureAndWritesFigures) {
  std::string weights = writeLenetWithZeroFilters(dir);
  test::CommandResult r = test::runCommand(sslc() + " report lenet --weights " +
                                           weights + " -o " + dir + "/fig");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  // conv1: 12 of 20 filters alive; conv2 reads 12 of its 20 channels after
  // pruning, so FLOPs drop below 100 %.
  EXPECT_NE(r.output.find("conv1          conv    12/20"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("FLOPs after ssl-prune: 100.0%"), std::string::npos)
      << r.output;
  EXPECT_TRUE(exists(dir + "/fig/conv1_filters.svg"));
  EXPECT_TRUE(exists(dir + "/fig/live_structure.svg"));
}

TEST_F(SslcCli, RunWithPruneMatchesUnpruned) {
  std::string weights = writeLenetWithZeroFilters(dir);
  writeInput({1, 1, 28, 28}, 9);
  std::string base = sslc() + " run lenet --weights " + weights + " --input " +
                     dir + "/x.npy --output ";
  test::CommandResult a = test::runCommand(base + dir + "/dense.npy");
  test::CommandResult b = test::runCommand(base + dir + "/pruned.npy --prune");
  ASSERT_EQ(a.exitCode, 0) << a.output;
  ASSERT_EQ(b.exitCode, 0) << b.output;
  Tensor ya, yb;
  std::string error;
  ASSERT_TRUE(readNpy(dir + "/dense.npy", ya, error)) << error;
  ASSERT_TRUE(readNpy(dir + "/pruned.npy", yb, error)) << error;
  ASSERT_EQ(ya.shape, yb.shape);
  float scale = 0;
  for (float v : ya.data)
    scale = std::max(scale, std::fabs(v));
  for (size_t i = 0; i < ya.data.size(); ++i)
    EXPECT_LE(std::fabs(ya.data[i] - yb.data[i]), 1e-5f * scale) << i;
}

TEST_F(SslcCli, WeightsOfWrongShapeNameTheParameter) {
  TensorFile file;
  file.tensors["conv1.weight"] = Tensor({20, 1, 3, 3});
  std::string path = dir + "/bad.safetensors", error;
  ASSERT_TRUE(writeSafetensors(path, file, error)) << error;
  writeInput({1, 1, 28, 28}, 9);
  test::CommandResult r = test::runCommand(
      sslc() + " run lenet --weights " + path + " --input " + dir +
      "/x.npy --output " + dir + "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("parameter 'conv1.weight' expects shape "
                          "[20, 1, 5, 5], file has [20, 1, 3, 3]"),
            std::string::npos)
      << r.output;
  EXPECT_FALSE(exists(dir + "/y.npy"));
}

TEST_F(SslcCli, EvalReportsTestErrorAndPredictions) {
  std::string dir2 = dir;
  test::CommandResult r = test::runCommand(
      sslc() + " eval lenet --dataset mnist --batch 250 --predictions " +
      dir2 + "/pred.npy");
  if (r.output.find("cannot open") != std::string::npos)
    GTEST_SKIP() << "MNIST not in the data cache (scripts/setup.sh fetches "
                    "it): "
                 << r.output;
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("of 10000)"), std::string::npos) << r.output;
  Tensor p;
  std::string error;
  ASSERT_TRUE(readNpy(dir2 + "/pred.npy", p, error)) << error;
  ASSERT_EQ(p.shape, (std::vector<int64_t>{10000}));
  for (float v : p.data)
    ASSERT_TRUE(v >= 0 && v < 10 && v == std::floor(v)) << v;
}

TEST_F(SslcCli, EvalRejectsUnknownDataset) {
  test::CommandResult r =
      test::runCommand(sslc() + " eval lenet --dataset imagenet");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("option '--dataset' expects mnist, fashion-mnist or "
                          "cifar10:DIR, got 'imagenet'"),
            std::string::npos)
      << r.output;
}

} // namespace
