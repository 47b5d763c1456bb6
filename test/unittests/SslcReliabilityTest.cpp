//===- SslcReliabilityTest.cpp - the driver on hostile input --------------===//
//
// One test per class of abuse: options out of range, inputs that are not
// files, weights of the wrong dtype, ONNX graphs that break single
// assignment, messages in the user's terms, MLIR text nested too deep,
// with types too large or with declarations, reproducible AOT artefacts, and
// `sslc train` killed with SIGKILL mid-epoch and resumed bit-identically.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"
#include "frontends/Builder.h"
#include "frontends/ModelLoader.h"
#include "frontends/OnnxImporter.h"
#include "frontends/Weights.h"
#include "runtime/Npy.h"
#include "runtime/Safetensors.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <csignal>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace sslc;

namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::string sslcBin() { return test::binDir() + "/sslc"; }

std::string fixture(const std::string &name) {
  return test::sourceDir() + "/test/Frontends/Inputs/" + name;
}

std::string readAll(const std::string &path) {
  std::string bytes, error;
  EXPECT_TRUE(readFileBytes(path, bytes, error)) << error;
  return bytes;
}

/// Runs sslc with `args`; expects exit 1 and `message` in the output.
void expectSslcError(const std::string &args, const std::string &message) {
  test::CommandResult r = test::runCommand(sslcBin() + " " + args);
  EXPECT_EQ(r.exitCode, 1) << args << "\n" << r.output;
  EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n"
                                                       << r.output;
  EXPECT_EQ(r.output.find("<unknown>"), std::string::npos) << r.output;
}

class SslcReliability : public ::testing::Test {
protected:
  void SetUp() override { dir = test::makeTempDir(); }

  /// A dense + relu model [3, 77] -> [3, 13] as .mlir.
  std::string writeModel() {
    mlir::MLIRContext ctx;
    NetworkBuilder builder(&ctx, {3, 77}, 0);
    mlir::Value y = builder.relu(builder.dense(
        builder.input(),
        builder.parameter("fc.weight", {13, 77},
                          test::randomValues(13 * 77, 3)),
        builder.parameter("fc.bias", {13}, test::randomValues(13, 4))));
    auto module = builder.finish(y);
    std::string path = dir + "/model.mlir";
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    EXPECT_FALSE(ec);
    module->print(os);
    return path;
  }

  /// Parses `text` as the model file `name` in-process; each diagnostic in
  /// `messages` as "FILE:LINE:COL: message".
  bool parses(const std::string &text, const std::string &name,
              std::string &messages) {
    mlir::DialectRegistry registry;
    registerModelDialects(registry);
    mlir::MLIRContext ctx(registry);
    mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
      if (auto file = mlir::dyn_cast<mlir::FileLineColLoc>(d.getLocation()))
        messages += file.getFilename().str() + ":" +
                    std::to_string(file.getLine()) + ":" +
                    std::to_string(file.getColumn()) + ": ";
      messages += d.str() + "\n";
      return mlir::success();
    });
    return static_cast<bool>(parseModelText(&ctx, text, name));
  }

  std::string dir;
};

// Integer options are range-checked: zero, negative, overflowing and absurd
// values are refused with the option named first, the range and the value.
TEST_F(SslcReliability, IntegerOptionsAreRangeChecked) {
  struct Case {
    std::string args, message;
  } cases[] = {
      {"bench mlp --batch 0",
       "option '--batch' expects an integer in [1, 65536], got '0'"},
      {"bench mlp --batch -3", "got '-3'"},
      {"bench mlp --batch 1000000000000",
       "option '--batch' expects an integer in [1, 65536], got "
       "'1000000000000' (too large)"},
      {"bench mlp --batch 4294967296", "got '4294967296' (too large)"},
      {"bench mlp --batch 99999999999999999999", "got '99999999999999999999'"},
      {"bench mlp --batch 12abc", "got '12abc'"},
      {"bench mlp --threads 100000",
       "option '--threads' expects an integer in [1, 256], got '100000'"},
      {"bench mlp --threads 4294967295", "got '4294967295' (too large)"},
      {"bench mlp --runs 0",
       "option '--runs' expects an integer in [1, 1000000], got '0'"},
      {"compile mlp -o " + dir + "/m --batch 0", "option '--batch'"},
      {"eval mlp --dataset mnist --threads 0", "option '--threads'"},
      {"run mlp --input x.npy --output y.npy --threads -1",
       "option '--threads'"},
      {"train --model mlp --dataset mnist -o " + dir +
           "/t.safetensors --epochs 99999999999999999999",
       "option '--epochs' expects an integer in [1, 1000000], got "
       "'99999999999999999999'"},
      {"train --model mlp --dataset mnist -o " + dir +
           "/t.safetensors --batch 4294967296",
       "option '--batch' expects an integer in [1, 65536], got '4294967296'"},
      {"train --model mlp --dataset mnist -o " + dir +
           "/t.safetensors --threads 4294967295",
       "option '--threads' expects an integer in [1, 256], got "
       "'4294967295'"},
  };
  for (const Case &c : cases)
    expectSslcError(c.args, c.message);
  // The option comes first.
  test::CommandResult r = test::runCommand(sslcBin() + " bench mlp --runs -1");
  EXPECT_EQ(r.output.rfind("sslc: error: option '--runs' expects", 0), 0u)
      << r.output;
  EXPECT_FALSE(exists(dir + "/m.a"));
}

// --input must be a file holding at least one sample: a directory, a device
// or a zero batch is an error naming the file.
TEST_F(SslcReliability, InputsThatAreNotDataAreRejected) {
  std::string y = dir + "/y.npy";
  expectSslcError("run mlp --input " + dir + " --output " + y,
                  "sslc: error: " + dir + ": is a directory, expected a file");
  expectSslcError("run mlp --input /dev/zero --output " + y,
                  "sslc: error: /dev/zero: is a character device, expected a "
                  "regular file");
  // Model files go through the same reader.
  ASSERT_EQ(::mkdir((dir + "/folder.onnx").c_str(), 0755), 0);
  expectSslcError("report " + dir + "/folder.onnx",
                  dir + "/folder.onnx: is a directory, expected a file");
  ASSERT_EQ(::symlink("/dev/zero", (dir + "/zero.onnx").c_str()), 0);
  expectSslcError("report " + dir + "/zero.onnx",
                  dir + "/zero.onnx: is a character device, expected a "
                        "regular file");
  ::setenv("SSLC_MAX_TENSOR_BYTES", "1K", 1);
  expectSslcError("report " + fixture("avgpool.onnx"),
                  fixture("avgpool.onnx") + ": file of 1790 bytes");
  ::unsetenv("SSLC_MAX_TENSOR_BYTES");
  std::string error;
  ASSERT_TRUE(writeNpy(dir + "/empty.npy", Tensor({0, 784}), error)) << error;
  expectSslcError("run mlp --input " + dir + "/empty.npy --output " + y,
                  dir + "/empty.npy: expected at least one sample with at "
                        "least one value, found shape [0, 784]");
  EXPECT_FALSE(exists(y));
}

// A parameter is f32: an I64 tensor under its name is an error, not
// skipped.
TEST_F(SslcReliability, WeightsOfAnotherDtypeAreRejected) {
  mlir::MLIRContext ctx;
  NetworkBuilder builder(&ctx, {1, 4}, 0);
  mlir::Value y =
      builder.dense(builder.input(), builder.parameter("fc.weight", {2, 4}, {}),
                    builder.parameter("fc.bias", {2}, {}));
  auto module = builder.finish(y);
  TensorFile file;
  file.int64Tensors["fc.weight"] = {{2, 4}, std::vector<int64_t>(8, 1)};
  std::string error;
  EXPECT_FALSE(applyWeights(*module, file, "w.safetensors", error));
  EXPECT_EQ(error,
            "w.safetensors: parameter 'fc.weight' expects dtype F32, file "
            "has I64");
  // PyTorch's integer counters under other names stay unread.
  file.int64Tensors.clear();
  file.int64Tensors["bn.num_batches_tracked"] = {{}, {7}};
  EXPECT_TRUE(applyWeights(*module, file, "w.safetensors", error)) << error;
}

// ONNX graphs are checked the way onnx.checker does before import: one
// assignment per value, inputs defined before use, window attributes and
// Reshape targets that size arithmetic cannot overflow.
TEST_F(SslcReliability, OnnxGraphsAreValidatedBeforeImport) {
  struct Case {
    std::string file, message;
  } cases[] = {
      {"error_output_defined_twice.onnx",
       "node 'second' (Relu): output 't' is already defined by node 'first' "
       "(Relu) (ONNX values are assigned once)"},
      {"error_redefines_input.onnx",
       "node 'again' (Relu): output 'x' is already defined by the graph "
       "input"},
      {"error_use_before_definition.onnx",
       "node 'reader' (Relu): input 't' is not defined before the node"},
      {"error_pad_overflow.onnx",
       "node 'conv' (Conv): attribute 'pads' holds 9223372036854775800, "
       "expected a value in [0, 2147483648]"},
      {"error_pad_input_overflow.onnx",
       "node 'pad' (Pad): pads input 'pads' holds 4611686018427387904, "
       "expected amounts in [-2147483648, 2147483648]"},
      // The target's product wraps to the input's channel count in 64 bits.
      {"error_reshape_overflow.onnx",
       "node 'reshape' (Reshape): reshaping [1, 2, 4, 4] to [1, 3, "
       "6148914691236517206, 4, 4] is not supported"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.file);
    mlir::DialectRegistry registry;
    registerModelDialects(registry);
    mlir::MLIRContext ctx(registry);
    std::string messages;
    mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic &d) {
      messages += d.str() + "\n";
      return mlir::success();
    });
    auto module = importOnnxFile(&ctx, fixture(c.file), OnnxImportOptions());
    EXPECT_FALSE(module);
    EXPECT_NE(messages.find(fixture(c.file) + ": " + c.message),
              std::string::npos)
        << messages;
  }
}

// Import is linear in the graph: a chain of 1000 Relu nodes imports in the
// time a few dozen took before (>20 s when it was quadratic).
TEST_F(SslcReliability, ImportTimeIsLinearInTheNodes) {
  mlir::DialectRegistry registry;
  registerModelDialects(registry);
  mlir::MLIRContext ctx(registry);
  auto start = std::chrono::steady_clock::now();
  auto module =
      importOnnxFile(&ctx, fixture("relu_chain.onnx"), OnnxImportOptions());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  ASSERT_TRUE(module);
  EXPECT_LT(seconds, 5.0) << "1000 chained Relu nodes";
}

// Errors read as the user wrote the command: the file or option first, no
// "<unknown>:0:" place, the option's own name, readable numbers.
TEST_F(SslcReliability, MessagesAreInTheUsersTerms) {
  std::string out = dir + "/t.safetensors";
  expectSslcError("compile nonet -o " + dir + "/m",
                  "sslc: error: unknown model 'nonet'");
  std::string onnx = fixture("error_pad_overflow.onnx");
  expectSslcError("compile " + onnx + " -o " + dir + "/m",
                  onnx + ": node 'conv' (Conv): attribute 'pads' holds");
  expectSslcError("train --model mlp --dataset cifar10: -o " + out,
                  "sslc: error: cifar10:: expected a folder after 'cifar10:' "
                  "(cifar10:DIR), found an empty name");
  ::mkdir((dir + "/mnist").c_str(), 0755);
  test::writeDigits(dir + "/mnist", "train", 64, 1);
  test::writeDigits(dir + "/mnist", "t10k", 16, 2);
  test::CommandResult r = test::runCommand(
      "SSLC_DATA_DIR=" + dir + " " + sslcBin() +
      " train --model mlp --dataset mnist --ssl ip9.row=0.1 -o " + out);
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("sslc: error: option '--ssl': 'ip9.row' expects a "
                          "dense layer named 'ip9'; the model's dense layers "
                          "are ip1, ip2, ip3"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("layer-lambdas"), std::string::npos) << r.output;
  EXPECT_FALSE(exists(out));
}

// Constant values are read only when they fit: a dense_resource blob
// shorter than its type is an error at the op that reads it, not a read
// past the blob or a crash; a splat of 10^10 elements is refused where it
// is declared, before anything sizes a buffer from it.
TEST_F(SslcReliability, ConstantValuesAreBoundsChecked) {
  auto model = [](const std::string &k, const std::string &weight) {
    std::string w = "tensor<" + k + "x" + k + "xf32>";
    std::string b = "tensor<" + k + "xf32>", x = "tensor<3x" + k + "xf32>";
    return "module {\n"
           "  ml_program.global private mutable @fc.bias(dense<0.5> : " +
           b + ") : " + b +
           "\n"
           "  ml_program.global private mutable @fc.weight(" +
           weight + " : " + w + ") : " + w +
           "\n"
           "  func.func @main(%arg0: " +
           x + ") -> " + x +
           " {\n"
           "    %b = ml_program.global_load @fc.bias : " +
           b +
           "\n"
           "    %w = ml_program.global_load @fc.weight : " +
           w +
           "\n"
           "    %0 = ssl.dense %arg0, %w, %b : (" +
           x + ", " + w + ", " + b + ") -> " + x +
           "\n"
           "    return %0 : " +
           x + "\n  }\n}\n";
  };
  std::string shortBlob = dir + "/short.mlir";
  std::ofstream(shortBlob) << model("13", "dense_resource<w>")
                           << "{-#\n  dialect_resources: {\n    builtin: {\n"
                              "      w: \"0x040000000000803F0000803F\"\n"
                              "    }\n  }\n#-}\n";
  std::string error;
  ASSERT_TRUE(writeNpy(dir + "/x.npy", Tensor({3, 13}), error)) << error;
  expectSslcError("run " + shortBlob + " --input " + dir + "/x.npy --output " +
                      dir + "/y.npy",
                  "'ssl.dense' op cannot read the values of parameter "
                  "@fc.weight");
  EXPECT_FALSE(exists(dir + "/y.npy"));
  std::string splat = dir + "/splat.mlir";
  std::ofstream(splat) << model("100000", "dense<1.0>");
  expectSslcError("compile " + splat + " -o " + dir + "/splat",
                  splat + ":3:3: error: 'ml_program.global' op has type "
                          "'tensor<100000x100000xf32>' of 40000000000 bytes");
  EXPECT_FALSE(exists(dir + "/splat.a"));
}

// MLIR's parser recurses once per bracket (and per affine + or -), and IR
// as deep as a chain of aliases overflows the walkers after it: text
// nested deeper than 256 levels is refused before it is parsed, wherever
// the brackets are. Brackets in strings and comments and the `->` of
// signatures do not count, and 256 levels still load.
TEST_F(SslcReliability, MlirNestingIsBoundedBeforeParsing) {
  std::string error;
  ASSERT_TRUE(writeNpy(dir + "/x.npy", Tensor({3, 77}), error)) << error;
  std::string deepDense = dir + "/deep_dense.mlir";
  std::string prefix = "module attributes {doc.w = dense<";
  std::ofstream(deepDense) << prefix << std::string(100000, '[') << "1.0"
                           << std::string(100000, ']')
                           << "> : tensor<1xf32>} {\n}\n";
  // The 255th '[' is the 257th level.
  expectSslcError("compile " + deepDense + " -o " + dir + "/deep",
                  deepDense + ":1:" + std::to_string(prefix.size() + 255) +
                      ": error: nested 100002 levels deep, more than the "
                      "limit of 256");
  std::string deepTuple = dir + "/deep_tuple.mlir";
  std::string tuples;
  for (int i = 0; i < 100000; ++i)
    tuples += "tuple<";
  std::string line = "  func.func private @f(";
  std::ofstream(deepTuple) << "module {\n"
                           << line << tuples << "f32"
                           << std::string(100000, '>') << ")\n}\n";
  // The '<' of the 255th tuple is the 257th level.
  expectSslcError("run " + deepTuple + " --input " + dir + "/x.npy --output " +
                      dir + "/y.npy",
                  deepTuple +
                      ":2:" + std::to_string(line.size() + 254 * 6 + 6) +
                      ": error: nested 100002 levels deep, more than the "
                      "limit of 256");
  EXPECT_FALSE(exists(dir + "/deep.a"));
  EXPECT_FALSE(exists(dir + "/y.npy"));

  // The boundary, in-process: 1 + 255 levels load, 1 + 256 do not.
  std::string head = "module attributes {doc.deep = ";
  auto nested = [&](int n) {
    return head + std::string(n, '[') + "1" + std::string(n, ']') + "} {\n}\n";
  };
  std::string messages;
  EXPECT_TRUE(parses(nested(255), "ok.mlir", messages)) << messages;
  EXPECT_FALSE(parses(nested(256), "deep.mlir", messages));
  EXPECT_NE(messages.find("deep.mlir:1:" + std::to_string(head.size() + 256) +
                          ": nested 257 levels deep"),
            std::string::npos)
      << messages;

  // An affine expression recurses once per + or - of a chain, brackets or
  // not: 10^5 of them are refused. A comma ends a chain (300 results
  // load), and minus signs outside affine maps do not count.
  std::string map = "module attributes {doc.m = affine_map<(d0) -> (";
  std::string plus, minus, results, negatives;
  for (int i = 0; i < 100000; ++i) {
    plus += "d0 + ";
    minus += "- ";
  }
  for (const std::string &chain : {plus + "d0", minus + "d0"}) {
    messages.clear();
    EXPECT_FALSE(parses(map + chain + ")>} {\n}\n", "affine.mlir", messages));
    EXPECT_NE(messages.find("nested 257 levels deep, more than the limit of "
                            "256 (counting brackets ( [ { <, the levels of the "
                            "aliases named and the + and - of affine "
                            "expressions)"),
              std::string::npos)
        << messages.substr(0, 300);
  }
  // An alias nests as deep as its body wherever it is named: a chain of
  // 10^5 aliases, each naming the last, is as deep as 10^5 brackets.
  for (std::string kind : {"#a", "!t"}) {
    bool type = kind == "!t";
    std::string chain = kind + "0 = " + (type ? "tuple<f32>" : "[1]") + "\n";
    for (int i = 1; i < 100000; ++i)
      chain += kind + std::to_string(i) + " = " + (type ? "tuple<" : "[") +
               kind + std::to_string(i - 1) + (type ? ">" : "]") + "\n";
    chain += type ? "module attributes {doc.t = tuple<!t99999>} {\n}\n"
                  : "module attributes {doc.a = #a99999} {\n}\n";
    messages.clear();
    EXPECT_FALSE(parses(chain, "alias.mlir", messages)) << kind;
    // #a256 = [#a255] is the 257th level.
    std::string at = type ? "alias.mlir:257:15: " : "alias.mlir:257:10: ";
    EXPECT_NE(messages.find(at + "nested 257 levels deep"), std::string::npos)
        << messages.substr(0, 300);
  }
  for (int i = 0; i < 300; ++i) {
    results += (i ? ", d0 - 1" : "d0 - 1");
    negatives += (i ? ", -1.0" : "-1.0");
  }
  EXPECT_TRUE(parses(map + results + ")>, doc.v = dense<[" + negatives +
                         "]> : tensor<300xf32>} {\n}\n",
                     "wide.mlir", messages))
      << messages.substr(0, 300);

  // A real model with 10^4 brackets in a comment, in a string (escaped
  // quotes included) and between `->` arrows still compiles and runs.
  std::string text = readAll(writeModel());
  std::string noise;
  for (int i = 0; i < 2500; ++i)
    noise += "([{<";
  ASSERT_EQ(text.rfind("module {", 0), 0u) << text.substr(0, 80);
  text = "// " + noise + "\n" + "module attributes {doc.note = \"\\\"" + noise +
         "\\\"\"} {" + text.substr(8);
  std::string model = dir + "/noisy.mlir";
  std::ofstream(model) << text;
  test::CommandResult r =
      test::runCommand(sslcBin() + " run " + model + " --input " + dir +
                       "/x.npy --output " + dir + "/y.npy");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(exists(dir + "/y.npy"));
}

// A type is a promise of memory: one whose values would take more than
// SSLC_MAX_TENSOR_BYTES (rounded up to whole bytes per element; `?` counts
// as 1) is an error at the op that holds it, not a model that compiles
// and fails later or never.
TEST_F(SslcReliability, MlirTypesAreHeldToTheCeiling) {
  std::string huge = dir + "/huge.mlir";
  std::string t = "tensor<100000000000x4xf32>";
  std::ofstream(huge) << "module {\n  func.func @main(%arg0: " << t << ") -> "
                      << t << " {\n    %0 = ssl.relu %arg0 : " << t
                      << "\n    return %0 : " << t << "\n  }\n}\n";
  std::string message = huge + ":2:3: error: 'func.func' op has type '" + t +
                        "' of 1600000000000 bytes (1.5 TiB), more than the "
                        "4 GiB limit (SSLC_MAX_TENSOR_BYTES raises it)";
  expectSslcError("compile " + huge + " -o " + dir + "/huge", message);
  std::string error;
  ASSERT_TRUE(writeNpy(dir + "/x.npy", Tensor({1, 4}), error)) << error;
  expectSslcError("run " + huge + " --input " + dir + "/x.npy --output " + dir +
                      "/y.npy",
                  message);
  EXPECT_FALSE(exists(dir + "/huge.a"));
  EXPECT_FALSE(exists(dir + "/y.npy"));

  auto global = [](const std::string &type) {
    return "module {\n  ml_program.global private mutable @g : " + type +
           "\n}\n";
  };
  struct Case {
    std::string type, message;
  } cases[] = {
      {"tensor<4294967296x4294967296xf32>",
       "g.mlir:2:3: 'ml_program.global' op has type "
       "'tensor<4294967296x4294967296xf32>', more bytes than 64 bits can "
       "count"},
      // i1 takes a byte: 8 * 10^9 bytes, not 10^9.
      {"tensor<1000000000x8xi1>",
       "'tensor<1000000000x8xi1>' of 8000000000 bytes"},
      {"tensor<?x100000000000xf32>", "of 400000000000 bytes"},
  };
  for (const Case &c : cases) {
    std::string messages;
    EXPECT_FALSE(parses(global(c.type), "g.mlir", messages)) << c.type;
    EXPECT_NE(messages.find(c.message), std::string::npos) << messages;
  }
  std::string messages;
  EXPECT_TRUE(parses(global("tensor<?x?x4xf32>"), "g.mlir", messages))
      << messages;
  EXPECT_TRUE(parses(global("tensor<0x100000000000xf32>"), "g.mlir", messages))
      << messages;
  ::setenv("SSLC_MAX_TENSOR_BYTES", "1K", 1);
  EXPECT_TRUE(parses(global("tensor<256xf32>"), "g.mlir", messages))
      << messages;
  EXPECT_FALSE(parses(global("tensor<257xf32>"), "g.mlir", messages));
  ::unsetenv("SSLC_MAX_TENSOR_BYTES");
  EXPECT_NE(messages.find("'tensor<257xf32>' of 1028 bytes (1.0 KiB), more "
                          "than the 1 KiB limit"),
            std::string::npos)
      << messages;
}

// A model defines its functions: a declaration (no body) beside @main, or
// @main itself declared, is an error at the declaration, not a crash of
// the pruning and lowering stages that walk every body.
TEST_F(SslcReliability, MlirDeclarationsAreRejected) {
  std::string text = readAll(writeModel());
  ASSERT_EQ(text.rfind("module {\n", 0), 0u) << text.substr(0, 80);
  std::string helper = dir + "/helper.mlir";
  std::ofstream(helper)
      << "module {\n  func.func private @helper(tensor<4xf32>)"
      << text.substr(8);
  std::string message = helper + ":2:3: error: 'func.func' op declares "
                                 "@helper without a body (a model defines "
                                 "every function it has)";
  expectSslcError("report " + helper, message);
  expectSslcError("compile " + helper + " --prune -o " + dir + "/helper",
                  message);
  std::string declared = dir + "/declared.mlir";
  std::ofstream(declared)
      << "module {\n  func.func private @main(tensor<3x77xf32>) "
         "-> tensor<3x77xf32>\n}\n";
  expectSslcError("compile " + declared + " -o " + dir + "/declared",
                  declared + ":2:3: error: 'func.func' op declares @main "
                             "without a body");
  ::mkdir((dir + "/mnist").c_str(), 0755);
  test::writeDigits(dir + "/mnist", "train", 16, 1);
  test::writeDigits(dir + "/mnist", "t10k", 16, 2);
  test::CommandResult r = test::runCommand(
      "SSLC_DATA_DIR=" + dir + " " + sslcBin() + " train --model " + declared +
      " --dataset mnist -o " + dir + "/t.safetensors");
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("declares @main without a body"), std::string::npos)
      << r.output;
  EXPECT_FALSE(exists(dir + "/helper.a"));
  EXPECT_FALSE(exists(dir + "/declared.a"));
}

// The same model and options compile to the same bytes, wherever the
// output goes; the header declares the entry points only.
TEST_F(SslcReliability, AotArtefactsAreReproducible) {
  std::string model = writeModel();
  ::mkdir((dir + "/a").c_str(), 0755);
  test::CommandResult r = test::runCommand(sslcBin() + " compile " + model +
                                           " -o " + dir + "/a/net");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  // A relative output folder, created on the way.
  r = test::runCommand("cd " + dir + " && " + sslcBin() + " compile " + model +
                       " -o b/sub/net");
  ASSERT_EQ(r.exitCode, 0) << r.output;
  for (const char *ext : {".a", ".h"}) {
    SCOPED_TRACE(ext);
    EXPECT_EQ(readAll(dir + "/a/net" + ext), readAll(dir + "/b/sub/net" + ext));
  }
  std::string header = readAll(dir + "/a/net.h");
  EXPECT_NE(header.find("#ifndef HALIDE__net_h"), std::string::npos) << header;
  EXPECT_NE(header.find("int net(struct halide_buffer_t *"), std::string::npos)
      << header;
  // Declarations of the entry points only, not the pipeline's closures.
  EXPECT_EQ(header.find("net_par_for"), std::string::npos) << header;
  std::regex declaration(R"(HALIDE_FUNCTION_ATTRS\n[^(]*\b(\w+)\()");
  std::vector<std::string> declared;
  for (std::sregex_iterator it(header.begin(), header.end(), declaration), end;
       it != end; ++it)
    declared.push_back((*it)[1]);
  EXPECT_EQ(declared,
            (std::vector<std::string>{"net", "net_argv", "net_metadata"}));
  EXPECT_EQ(header.find(".sslc-"), std::string::npos) << header;
  EXPECT_EQ(header.find("tmp"), std::string::npos) << header;
  // No scratch folder stays behind.
  r = test::runCommand("ls -A " + dir + "/a " + dir + "/b/sub");
  EXPECT_EQ(r.output.find(".sslc-"), std::string::npos) << r.output;
}

// `sslc train` killed with SIGKILL in the middle of an epoch leaves its
// last checkpoint whole; resuming from it writes the bytes an uninterrupted
// run writes. A checkpoint whose counters are negative is refused.
TEST_F(SslcReliability, TrainingKilledMidEpochResumesBitIdentically) {
  ::mkdir((dir + "/mnist").c_str(), 0755);
  // Epochs of about a second on the MLP (whose train step compiles
  // fastest), so that half of one is a wide window to kill in.
  test::writeDigits(dir + "/mnist", "train", 2400, 1);
  test::writeDigits(dir + "/mnist", "t10k", 32, 2);
  std::string env = "SSLC_DATA_DIR=" + dir + " ";
  std::string common = sslcBin() +
                       " train --model mlp --dataset mnist --batch 16 "
                       "--lr 0.02 --ssl row=0.001,column=0.001 --seed 3 "
                       "--threads 1 --epochs 3 ";
  std::string straight = dir + "/straight.safetensors";
  test::CommandResult a = test::runCommand(env + common + "-o " + straight);
  ASSERT_EQ(a.exitCode, 0) << a.output;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(a.output, m,
                                std::regex(R"(epoch 2/3: .*, ([0-9.]+) s)")))
      << a.output;
  double epochSeconds = std::stod(m[1]);

  std::string killed = dir + "/killed.safetensors";
  std::string checkpoint = dir + "/killed.ckpt.safetensors";
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::string cmd = "exec env " + env + common + "-o " + killed + " > " +
                      dir + "/killed.log 2>&1";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char *>(nullptr));
    ::_exit(127);
  }
  // The first checkpoint marks the end of epoch 1; half an epoch later the
  // run is in the middle of epoch 2.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (!exists(checkpoint) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(
      std::chrono::milliseconds(static_cast<int>(epochSeconds * 500)));
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the run ended before the kill";
  EXPECT_FALSE(exists(killed));

  TensorFile ckpt;
  std::string error;
  ASSERT_TRUE(readSafetensors(checkpoint, ckpt, error)) << error;
  ASSERT_EQ(ckpt.int64Tensors.at("trainer.epoch").data, std::vector<int64_t>{1})
      << "killed in epoch 2";
  test::CommandResult c = test::runCommand(env + common + "--resume " +
                                           checkpoint + " -o " + killed);
  ASSERT_EQ(c.exitCode, 0) << c.output;
  EXPECT_EQ(readAll(straight), readAll(killed));

  ckpt.int64Tensors.at("trainer.epoch").data = {-5};
  ASSERT_TRUE(writeSafetensors(dir + "/negative.safetensors", ckpt, error))
      << error;
  test::CommandResult n =
      test::runCommand("timeout 120 env " + env + common + "--resume " + dir +
                       "/negative.safetensors -o " + dir + "/n.safetensors");
  EXPECT_EQ(n.exitCode, 1) << n.output;
  EXPECT_NE(n.output.find(dir + "/negative.safetensors: checkpoint's "
                                "'trainer.epoch' is -5, expected a count >= "
                                "0"),
            std::string::npos)
      << n.output;
}

} // namespace
