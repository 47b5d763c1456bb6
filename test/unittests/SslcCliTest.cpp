//===- SslcCliTest.cpp - the sslc driver end to end -----------------------===//
//
// Runs the sslc binary: `run` on a model file against naive loops, and every
// bad-input path (missing or malformed model, wrong dtype or shape, bad
// options) for a message that names the culprit, a non-zero exit and no
// output file.
//
//===----------------------------------------------------------------------===//
#include "frontends/Builder.h"
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
                        "  %y = ssl.gelu %x : tensor<3x77xf32>\n"
                        "  return %y : tensor<3x77xf32>\n}\n";
  test::CommandResult r = test::runCommand(
      sslc() + " run " + bad + " --input " + dir + "/x.npy --output " + dir +
      "/y.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("ssl.gelu"), std::string::npos) << r.output;
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
  EXPECT_NE(r.output.find("unknown option '--inptu'"), std::string::npos);
}

TEST_F(SslcCli, UnknownZooModel) {
  test::CommandResult r =
      test::runCommand(sslc() + " compile lenet9 -o " + dir + "/x");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("unknown model 'lenet9'"), std::string::npos)
      << r.output;
}

TEST_F(SslcCli, BenchPrintsJson) {
  test::CommandResult r = test::runCommand(
      sslc() + " bench " + model + " --batch 3 --runs 5 --threads 1 --json");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("\"median_ms\": "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"batch\": 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"threads\": 1"), std::string::npos) << r.output;
}

} // namespace
