//===- OnnxImporterTest.cpp - ONNX models through the importer and JIT ----===//
//
// Committed fixtures (outputs from the numpy reference in
// test/Frontends/make_onnx_fixtures.py), models exported from PyTorch when
// it is installed, and the messages for models the importer rejects.
//
//===----------------------------------------------------------------------===//
#include "frontends/OnnxImporter.h"
#include "TestUtil.h"
#include "codegen/Codegen.h"
#include "frontends/ModelLoader.h"
#include "runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/MLIRContext.h"

#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace sslc;

namespace {

std::string inputsDir() { return test::sourceDir() + "/test/Frontends/Inputs"; }

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

/// |got - want| <= rel · max |want| everywhere.
void expectClose(const Tensor &got, const Tensor &want, double rel) {
  ASSERT_EQ(got.shape, want.shape);
  double scale = 0.0;
  for (float v : want.data)
    scale = std::max(scale, static_cast<double>(std::fabs(v)));
  ASSERT_GT(scale, 0.0) << "degenerate reference (all zeros)";
  for (size_t i = 0; i < want.data.size(); ++i)
    ASSERT_LE(std::fabs(static_cast<double>(got.data[i]) - want.data[i]),
              rel * scale)
        << "element " << i << ": got " << got.data[i] << ", want "
        << want.data[i];
}

class OnnxImport : public ::testing::Test {
protected:
  OnnxImport() {
    ctx.getDiagEngine().registerHandler([this](mlir::Diagnostic &d) {
      diagnostics += d.str() + "\n";
      return mlir::success();
    });
  }

  /// Through the model loader, as sslc loads it.
  mlir::OwningOpRef<mlir::ModuleOp> load(const std::string &path,
                                         int64_t batch = 1) {
    ZooOptions zoo;
    zoo.batch = batch;
    return loadModel(&ctx, path, zoo);
  }

  /// Imports DIR/NAME.onnx with the batch of DIR/NAME_input.npy, runs it
  /// through the JIT and compares with DIR/NAME_expected.npy.
  void runAndCompare(const std::string &dir, const std::string &name) {
    Tensor x, want, y;
    std::string error;
    ASSERT_TRUE(readNpy(dir + "/" + name + "_input.npy", x, error)) << error;
    ASSERT_TRUE(readNpy(dir + "/" + name + "_expected.npy", want, error))
        << error;
    auto module = load(dir + "/" + name + ".onnx", x.shape[0]);
    ASSERT_TRUE(module) << diagnostics;
    auto exe = codegen::Executable::compile(*module, {});
    ASSERT_TRUE(succeeded(exe)) << diagnostics;
    ASSERT_TRUE((*exe)->run({&x}, {&y}, error)) << error;
    expectClose(y, want, 1e-5);
  }

  /// Runs `sslc run` on DIR/NAME.onnx and DIR/NAME_input.npy and compares
  /// its output with DIR/NAME_expected.npy.
  void sslcRunAndCompare(const std::string &dir, const std::string &name) {
    std::string base = dir + "/" + name;
    test::CommandResult r = test::runCommand(
        test::binDir() + "/sslc run " + base + ".onnx --input " + base +
        "_input.npy --output " + base + "_got.npy");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    Tensor y, want;
    std::string error;
    ASSERT_TRUE(readNpy(base + "_got.npy", y, error)) << error;
    ASSERT_TRUE(readNpy(base + "_expected.npy", want, error)) << error;
    expectClose(y, want, 1e-5);
  }

  /// Loading fails with a message containing `expected`.
  void expectRejected(const std::string &path, const std::string &expected) {
    EXPECT_FALSE(load(path)) << "loaded " << path;
    EXPECT_NE(diagnostics.find(expected), std::string::npos)
        << "expected '" << expected << "' in:\n"
        << diagnostics;
  }

  mlir::MLIRContext ctx;
  std::string diagnostics;
};

//===----------------------------------------------------------------------===//
// Fixtures against the numpy reference
//===----------------------------------------------------------------------===//

TEST_F(OnnxImport, LeNetMatchesReference) {
  runAndCompare(inputsDir(), "lenet");
}

TEST_F(OnnxImport, ResidualBlockMatchesReference) {
  runAndCompare(inputsDir(), "residual");
}

TEST_F(OnnxImport, AveragePoolNetMatchesReference) {
  runAndCompare(inputsDir(), "avgpool");
}

/// A zero Pad folded into the Conv after it, and one kept as ssl.pad before
/// a MaxPool (whose own padding is -inf), against the numpy reference.
TEST_F(OnnxImport, PadsMatchReference) {
  runAndCompare(inputsDir(), "padded");
  auto module = load(inputsDir() + "/padded.onnx", 2);
  ASSERT_TRUE(module) << diagnostics;
  int pads = 0;
  module->walk([&](mlir::Operation *op) {
    pads += op->getName().getStringRef() == "ssl.pad";
  });
  EXPECT_EQ(pads, 1);
}

TEST_F(OnnxImport, ParametersKeepInitializerNames) {
  auto module = load(inputsDir() + "/lenet.onnx");
  ASSERT_TRUE(module) << diagnostics;
  auto shapeOf = [&](llvm::StringRef name) -> std::vector<int64_t> {
    auto global = module->lookupSymbol<mlir::ml_program::GlobalOp>(name);
    if (!global)
      return {};
    auto type = llvm::cast<mlir::RankedTensorType>(global.getType());
    return std::vector<int64_t>(type.getShape());
  };
  EXPECT_EQ(shapeOf("conv1.weight"), (std::vector<int64_t>{4, 1, 3, 3}));
  EXPECT_EQ(shapeOf("fc1.weight"), (std::vector<int64_t>{10, 24}));
  // Gemm with transB = 0 stores its [K, M] weight as ssl.dense's [M, K],
  // and its [1, M] bias as [M].
  EXPECT_EQ(shapeOf("fc2.weight"), (std::vector<int64_t>{5, 10}));
  EXPECT_EQ(shapeOf("fc2.bias"), (std::vector<int64_t>{5}));
}

TEST_F(OnnxImport, SymbolicBatchTakesTheOption) {
  auto lenet = load(inputsDir() + "/lenet.onnx", 3);
  ASSERT_TRUE(lenet) << diagnostics;
  auto exe = codegen::Executable::compile(*lenet, {});
  ASSERT_TRUE(succeeded(exe)) << diagnostics;
  EXPECT_EQ((*exe)->inputShapes()[0], (std::vector<int64_t>{3, 1, 12, 12}));
  EXPECT_EQ((*exe)->outputShapes()[0], (std::vector<int64_t>{3, 5}));

  // A static batch wins over the option.
  auto residual = importOnnxFile(&ctx, inputsDir() + "/residual.onnx",
                                 OnnxImportOptions{4});
  ASSERT_TRUE(residual) << diagnostics;
  auto fn = residual->lookupSymbol<mlir::func::FuncOp>("main");
  ASSERT_TRUE(fn);
  EXPECT_EQ(llvm::cast<mlir::RankedTensorType>(fn.getArgumentTypes()[0])
                .getShape()[0],
            1);
}

TEST(OnnxSslc, RunLoadsOnnxFiles) {
  std::string dir = test::makeTempDir();
  test::CommandResult r = test::runCommand(
      test::binDir() + "/sslc run " + inputsDir() + "/lenet.onnx --input " +
      inputsDir() + "/lenet_input.npy --output " + dir + "/y.npy");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  Tensor y, want;
  std::string error;
  ASSERT_TRUE(readNpy(dir + "/y.npy", y, error)) << error;
  ASSERT_TRUE(readNpy(inputsDir() + "/lenet_expected.npy", want, error))
      << error;
  expectClose(y, want, 1e-5);

  r = test::runCommand(test::binDir() + "/sslc run " + inputsDir() +
                       "/error_gelu.onnx --input " + inputsDir() +
                       "/lenet_input.npy --output " + dir + "/z.npy");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_NE(r.output.find("node 'Gelu_0' (Gelu): op type 'Gelu' is not "
                          "supported"),
            std::string::npos)
      << r.output;
}

//===----------------------------------------------------------------------===//
// PyTorch exports
//===----------------------------------------------------------------------===//

/// A Python that imports torch and numpy: $SSLC_PYTHON, python3 on PATH,
/// or Debian's interpreter (python3-torch installs there).
std::string findTorchPython(std::string &tried) {
  std::vector<std::string> candidates;
  if (const char *env = std::getenv("SSLC_PYTHON"))
    candidates.push_back(env);
  candidates.push_back("python3");
  candidates.push_back("/usr/bin/python3");
  for (const std::string &python : candidates) {
    tried += (tried.empty() ? "" : ", ") + python;
    if (test::runCommand(python + " -c 'import torch, numpy'").exitCode == 0)
      return python;
  }
  return "";
}

TEST_F(OnnxImport, PyTorchExportsMatchPyTorch) {
  std::string tried;
  std::string python = findTorchPython(tried);
  if (python.empty())
    GTEST_SKIP() << "PyTorch not installed: 'import torch, numpy' failed for "
                 << tried << " (install python3-torch to run this test)";
  std::string dir = test::makeTempDir();
  test::CommandResult r =
      test::runCommand(python + " " + test::sourceDir() +
                       "/test/Frontends/export_torch_models.py " + dir);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  std::istringstream names(readFile(dir + "/models.txt"));
  int count = 0;
  for (std::string name; std::getline(names, name);) {
    if (name.empty())
      continue;
    SCOPED_TRACE(name);
    diagnostics.clear();
    runAndCompare(dir, name);
    ++count;
  }
  EXPECT_GE(count, 3);
}

/// The activation and gating exports (MobileNet v2/v3, EfficientNet and
/// MNASNet blocks, ConvNeXt's channels-last block with layer norms and GELU)
/// through the command line, as a user runs them.
TEST_F(OnnxImport, PyTorchActivationExportsMatchThroughSslcRun) {
  std::string tried;
  std::string python = findTorchPython(tried);
  if (python.empty())
    GTEST_SKIP() << "PyTorch not installed: 'import torch, numpy' failed for "
                 << tried << " (install python3-torch to run this test)";
  std::string dir = test::makeTempDir();
  test::CommandResult r =
      test::runCommand(python + " " + test::sourceDir() +
                       "/test/Frontends/export_torch_models.py " + dir);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  for (const char *name :
       {"torch_inverted_residual", "torch_mobilenet_v3_block",
        "torch_mobilenet_v3_block_opset14", "torch_mbconv",
        "torch_mean_pool_head", "torch_convnext_stage"}) {
    SCOPED_TRACE(name);
    sslcRunAndCompare(dir, name);
  }
}

/// ShuffleNet's units (channel shuffle, chunk and split of the channels),
/// average pooling with count_include_pad (a Pad folded into the pooling,
/// or kept as ssl.pad in ceil mode) and a DenseNet block, through the
/// command line; exports outside the recognised patterns are rejected with
/// the node's name.
TEST_F(OnnxImport, PyTorchShapeExportsMatchThroughSslcRun) {
  std::string tried;
  std::string python = findTorchPython(tried);
  if (python.empty())
    GTEST_SKIP() << "PyTorch not installed: 'import torch, numpy' failed for "
                 << tried << " (install python3-torch to run this test)";
  std::string dir = test::makeTempDir();
  test::CommandResult r =
      test::runCommand(python + " " + test::sourceDir() +
                       "/test/Frontends/export_torch_models.py " + dir);
  ASSERT_EQ(r.exitCode, 0) << r.output;
  for (const char *name :
       {"torch_shuffle_unit", "torch_padded_pools", "torch_dense_block"}) {
    SCOPED_TRACE(name);
    sslcRunAndCompare(dir, name);
  }
  for (auto [name, message] : {
           std::pair<const char *, const char *>{
               "torch_error_transpose",
               "node '/Flatten' (Flatten): input '/Transpose_output_0' is a "
               "channels-last view (Transpose perm [0, 2, 3, 1]) of [1, 3, 4, "
               "4]; it is supported only through a layer norm over the "
               "channels"},
           {"torch_error_slice_rows",
            "node '/Slice' (Slice): slicing axis 2 [1, "
            "9223372036854775807) with step 1 of [1, 3, 4, 4] is not "
            "supported (only a channel range on axis 1 with step 1)"}}) {
    SCOPED_TRACE(name);
    std::string base = dir + "/" + name;
    r = test::runCommand(test::binDir() + "/sslc run " + base +
                         ".onnx --input " + base + "_input.npy --output " +
                         base + "_got.npy");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find(base + ".onnx: " + message), std::string::npos)
        << r.output;
  }
}

//===----------------------------------------------------------------------===//
// Rejected models
//===----------------------------------------------------------------------===//

struct Rejection {
  const char *file;
  const char *message;
};

// Names the case in ctest's listing instead of its bytes.
void PrintTo(const Rejection &r, std::ostream *os) { *os << r.file; }

class OnnxRejected : public OnnxImport,
                     public ::testing::WithParamInterface<Rejection> {};

TEST_P(OnnxRejected, NamesTheCause) {
  expectRejected(inputsDir() + "/" + GetParam().file, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, OnnxRejected,
    ::testing::Values(
        Rejection{"error_gelu.onnx", "error_gelu.onnx: node 'Gelu_0' (Gelu): "
                                     "op type 'Gelu' is not supported"},
        Rejection{"error_same_upper.onnx",
                  "error_same_upper.onnx: node 'Conv_3' (Conv): auto_pad "
                  "SAME_UPPER is not supported"},
        Rejection{"error_trans_a.onnx",
                  "node 'Gemm_2' (Gemm): transA 1 is not supported"},
        Rejection{"error_computed_weight.onnx",
                  "node 'MatMul_1' (MatMul): weight 'input' is computed by "
                  "the graph"},
        Rejection{"error_opset18.onnx", "error_opset18.onnx: opset 18 is not "
                                        "supported (expected 11 to 17)"},
        Rejection{"error_reduce_mean_channels.onnx",
                  "node 'ReduceMean_0' (ReduceMean): reducing axes [1] of a "
                  "tensor of shape [1, 8, 3, 3] is not supported (only the "
                  "spatial axes [2, 3] of [N, C, H, W])"},
        Rejection{"error_clip_bounds.onnx",
                  "node 'Clip_2' (Clip): expects min <= max, found min 6 and "
                  "max 0"},
        Rejection{"error_mul_broadcast.onnx",
                  "node 'Mul_1' (Mul): expects rhs of size 1 or 8 along axis "
                  "1 to broadcast to lhs [1, 8, 3, 3], found [1, 2, 1, 1]"},
        Rejection{"error_mul_rank.onnx",
                  "node 'Mul_2' (Mul): expects rhs of rank 4 (the rank of lhs "
                  "[1, 8, 3, 3]), found [1, 8]"},
        Rejection{"error_pad_value.onnx",
                  "node 'Pad_1' (Pad): padding with a value other than 0 is "
                  "not supported"},
        Rejection{"error_pad_channels.onnx",
                  "node 'Pad_2' (Pad): pads [0, 1, 0, 0, 0, 0, 0, 0] of a "
                  "tensor of shape [1, 2, 3, 3] are not supported (only "
                  "padding H and W of [N, C, H, W] by amounts >= 0)"}),
    [](const ::testing::TestParamInfo<Rejection> &info) {
      std::string name = info.param.file;
      return name.substr(0, name.find('.'));
    });

TEST_F(OnnxImport, TruncatedFile) {
  std::string bytes = readFile(inputsDir() + "/lenet.onnx");
  ASSERT_GT(bytes.size(), 100u);
  std::string path = test::makeTempDir() + "/truncated.onnx";
  writeFile(path, bytes.substr(0, bytes.size() / 2));
  expectRejected(path, path + ": not a valid ONNX model");
}

TEST_F(OnnxImport, GarbageFile) {
  std::string path = test::makeTempDir() + "/garbage.onnx";
  writeFile(path, "this is not an ONNX model\n");
  // Protobuf reads some text as unknown fields, so the message is either
  // the parse error or the missing graph; both name the file.
  EXPECT_FALSE(load(path));
  EXPECT_NE(diagnostics.find(path + ": not"), std::string::npos) << diagnostics;
  EXPECT_NE(diagnostics.find("ONNX model"), std::string::npos) << diagnostics;
}

TEST_F(OnnxImport, MissingFile) {
  std::string path = test::makeTempDir() + "/missing.onnx";
  expectRejected(path, path + ": no such file");
}

} // namespace
