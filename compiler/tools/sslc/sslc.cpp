//===- sslc.cpp - the sslc command-line driver ----------------------------===//
//
// sslc compile | run | bench: load a model (zoo name or .mlir), bring it to
// Inference IR with the pipelines, then JIT or AOT it through the Halide
// backend. Every failure prints one message naming the file or option and
// exits non-zero; outputs are written only on success.
//
//===----------------------------------------------------------------------===//
#include "codegen/Codegen.h"
#include "compiler/Pipelines/Pipelines.h"
#include "compiler/tools/sslc/Diagnostics.h"
#include "compiler/tools/sslc/Report.h"
#include "compiler/tools/sslc/Train.h"
#include "frontends/ModelLoader.h"
#include "frontends/Weights.h"
#include "runtime/Datasets.h"
#include "runtime/FileUtil.h"
#include "runtime/Npy.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

using namespace mlir;

namespace {

constexpr const char *kUsage = R"(usage: sslc <command> [options]

commands:
  compile MODEL -o OUT/NAME [--target T] [--emit static-library|object|mlir]
                [--batch B] [--weights W.safetensors] [--prune]
      Compile MODEL ahead of time. static-library writes NAME.a + NAME.h
      (weights embedded, Halide runtime included); object writes NAME.o +
      NAME.h; mlir writes the Inference IR to OUT/NAME.mlir. Targets: host
      (default), host-cuda, host-cuda-cuda_capability_NN, or a Halide target.
  run MODEL --input X.npy --output Y.npy [--threads T]
            [--weights W.safetensors] [--prune]
      JIT-compile MODEL and run it on X (float32, C order); writes Y.
  bench MODEL [--batch B] [--threads T] [--runs N] [--json]
              [--weights W.safetensors] [--prune]
      Median latency of the JIT code on random input after warm-up.

--weights replaces parameters by name from a safetensors file (PyTorch
names and layouts); --prune deletes every all-zero group first (the
ssl-prune pipeline: same function, smaller tensors).

  eval MODEL --dataset mnist|fashion-mnist|cifar10:DIR [--weights W]
             [--prune] [--batch B] [--threads T] [--predictions P.npy]
      Test-set error of the JIT code (argmax of the outputs); with
      --predictions, the predicted classes as a float32 .npy.
  report MODEL [--weights W.safetensors] [-o FIGURE_DIR]
      The structure a model has learned, per layer: filters and channels
      alive, live filter-shape columns, sparsity, whole layers removed, and
      the FLOPs and parameters left after --prune. With -o, writes
      conv1_filters.svg and group_sparsity.svg there.

  train --model MODEL --dataset mnist|fashion-mnist|cifar10:DIR
        -o OUT.safetensors [--ssl filter=L,channel=L,shape=L,kernel2d=L,
        depth=L,depth_bn=L,row=L,column=L]
        [--ssl-update subgradient|proximal|KIND=MODE,...] [--epochs N]
        [--batch B] [--lr LR]
        [--momentum M] [--weight-decay WD] [--lr-policy multistep|inv]
        [--lr-steps E1,E2] [--lr-gamma G] [--lr-inv-gamma G] [--lr-power P]
        [--seed S] [--init W.safetensors] [--finetune groups|elements]
        [--zero-threshold T] [--threads T] [--checkpoint C.safetensors]
        [--resume C.safetensors] [--max-steps N] [--eval-samples N]
      SSL training (Wen et al. 2016): SGD with momentum on the cross-entropy
      plus the group Lasso terms of --ssl (conv weights: filter, channel,
      shape, kernel2d, depth; a residual branch's conv with the gamma and
      beta of its batch norm: depth_bn; dense weights: row, column);
      --ssl-update proximal shrinks groups after each update instead of
      adding the subgradient (exact zeros below lr*L); LAYER.KIND=L
      (e.g. conv2.filter=0.02) sets one layer's strength. Defaults: 1 epoch,
      batch 64, lr 0.01, momentum 0.9, weight decay 5e-4, lr x0.1 at each
      --lr-steps epoch (multistep policy; --lr-policy inv instead uses
      lr*(1+G*iter)^-P per step, Caffe's inv, G 1e-4 and P 0.75 by
      default), weights with |w| <= 1e-4 set to 0 after each step.
      --finetune elements keeps every zero of the initial (--init)
      weights, --finetune groups only those of all-zero groups. Each epoch
      prints loss, train/test error and the live filters, channels and
      columns per layer, and writes a checkpoint (default
      OUT.ckpt.safetensors) that --resume continues from bit-identically.
      OUT holds the parameters under the model's names.

MODEL is a .mlir or .onnx file or a model zoo name (lenet, mlp, convnet,
resnet20, resnet32, resnet56, alexnet).
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
  std::set<std::string> flags;
};

/// Parses "--name value" options and "--flag" switches; `switches` lists the
/// options that take no value. Returns false with a message on bad input.
bool parseArgs(int argc, char **argv, const std::set<std::string> &valued,
               const std::set<std::string> &switches, Args &args,
               std::string &error) {
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-o")
      a = "--output-prefix";
    if (a.rfind("--", 0) != 0) {
      args.positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    size_t eq = name.find('=');
    bool hasValue = eq != std::string::npos;
    if (hasValue) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    if (switches.count(name)) {
      args.flags.insert(name);
      continue;
    }
    if (!valued.count(name)) {
      error = "unknown option '--" + name + "' for '" + args.command + "'";
      return false;
    }
    if (!hasValue) {
      if (i + 1 >= argc) {
        error = "option '--" + name + "' expects a value";
        return false;
      }
      value = argv[++i];
    }
    args.options[name] = value;
  }
  return true;
}

int fail(const std::string &message) {
  llvm::errs() << "sslc: error: " << message << "\n";
  return 1;
}

/// The ranges the integer options accept: beyond them a value is a typo
/// (or a wrapped negative number), not a request.
struct IntRange {
  int64_t min, max;
};
constexpr IntRange kBatchRange{1, 65536};
/// Halide's thread pool runs at most 256 threads.
constexpr IntRange kThreadsRange{1, 256};
constexpr IntRange kRunsRange{1, 1000000};

/// A decimal integer in `range`; the message names the option first, then
/// what was expected and what was found.
bool parseInt(const std::string &text, const std::string &what, IntRange range,
              int64_t &out, std::string &error) {
  long long v = 0;
  bool ok = !llvm::StringRef(text).getAsInteger(10, v);
  if (!ok || v < range.min || v > range.max) {
    error = "option '--" + what + "' expects an integer in [" +
            std::to_string(range.min) + ", " + std::to_string(range.max) +
            "], got '" + text + "'";
    if (ok && v > range.max)
      error += " (too large)";
    return false;
  }
  out = v;
  return true;
}

/// Fails when a tensor of `shape` (float32), sized by `option`, would pass
/// the memory ceiling.
bool checkShapeFits(const std::vector<int64_t> &shape,
                    const std::string &option, std::string &error) {
  uint64_t bytes;
  return sslc::checkedTensorBytes(shape, sizeof(float),
                                  "option '--" + option + "'",
                                  "a model input or output", bytes, error);
}

/// A context whose diagnostics print with their place first (see
/// Diagnostics.h).
struct Session {
  DialectRegistry registry;
  std::unique_ptr<MLIRContext> ctx;
  std::unique_ptr<sslc::DiagnosticPrinter> printer;

  Session() {
    sslc::registerModelDialects(registry);
    ctx = std::make_unique<MLIRContext>(registry);
    ctx->loadAllAvailableDialects();
    // A diagnostic names its place; the op itself is not printed with it
    // (for an error at the module that was the whole network, weights and
    // all).
    ctx->printOpOnDiagnostic(false);
    printer = std::make_unique<sslc::DiagnosticPrinter>(ctx.get());
  }
};

/// Loads MODEL, applies --weights, optionally prunes, and runs the
/// inference pipeline.
OwningOpRef<ModuleOp> prepareModel(Session &s, const std::string &spec,
                                   int64_t batch, const Args &args) {
  sslc::ZooOptions zoo;
  zoo.batch = batch;
  OwningOpRef<ModuleOp> module = sslc::loadModel(s.ctx.get(), spec, zoo);
  if (!module)
    return nullptr;
  if (args.options.count("weights")) {
    const std::string &path = args.options.at("weights");
    sslc::TensorFile file;
    std::string error;
    if (!sslc::readSafetensors(path, file, error) ||
        !sslc::applyWeights(*module, file, path, error)) {
      fail(error);
      return nullptr;
    }
  }
  PassManager pm(s.ctx.get());
  if (args.flags.count("prune"))
    sslc::buildPruningPipeline(pm, sslc::PruningPipelineOptions());
  sslc::buildInferencePipeline(pm, sslc::InferencePipelineOptions());
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

int runCompile(const Args &args) {
  if (args.positional.size() != 1)
    return fail("compile expects one MODEL argument");
  auto out = args.options.find("output-prefix");
  if (out == args.options.end())
    return fail("compile expects -o OUT/NAME");
  std::string emit = args.options.count("emit") ? args.options.at("emit")
                                                : "static-library";
  if (emit != "static-library" && emit != "object" && emit != "mlir")
    return fail("--emit expects static-library, object or mlir, got '" +
                emit + "'");
  sslc::codegen::CompileOptions options;
  if (args.options.count("target"))
    options.target = args.options.at("target");
  if (std::string e = sslc::codegen::validateTarget(options.target);
      !e.empty())
    return fail(e);
  int64_t batch = 1;
  std::string error;
  if (args.options.count("batch") &&
      !parseInt(args.options.at("batch"), "batch", kBatchRange, batch, error))
    return fail(error);

  Session s;
  OwningOpRef<ModuleOp> module =
      prepareModel(s, args.positional[0], batch, args);
  if (!module)
    return 1;
  if (emit == "mlir") {
    std::string text;
    llvm::raw_string_ostream os(text);
    module->print(os);
    if (!sslc::writeFileAtomically(out->second + ".mlir", text, error))
      return fail(error);
    return 0;
  }
  auto kind = emit == "object" ? sslc::codegen::EmitKind::Object
                               : sslc::codegen::EmitKind::StaticLibrary;
  if (failed(sslc::codegen::emitAOT(*module, options, kind, out->second)))
    return 1;
  llvm::outs() << "wrote " << out->second
               << (kind == sslc::codegen::EmitKind::Object ? ".o" : ".a")
               << " and " << out->second << ".h (target " << options.target
               << ")\n";
  return 0;
}

/// Loads MODEL with the batch taken from the input tensor and JIT-compiles.
std::unique_ptr<sslc::codegen::Executable>
jitModel(Session &s, const std::string &spec, int64_t batch, int64_t threads,
         const Args &args) {
  OwningOpRef<ModuleOp> module = prepareModel(s, spec, batch, args);
  if (!module)
    return nullptr;
  sslc::codegen::CompileOptions options;
  options.threads = static_cast<int>(threads);
  options.splitDeepNetworks = true;
  auto exe = sslc::codegen::Executable::compile(*module, options);
  if (failed(exe))
    return nullptr;
  return std::move(*exe);
}

int runRun(const Args &args) {
  if (args.positional.size() != 1)
    return fail("run expects one MODEL argument");
  if (!args.options.count("input") || !args.options.count("output"))
    return fail("run expects --input X.npy and --output Y.npy");
  std::string error;
  int64_t threads = 0;
  if (args.options.count("threads") &&
      !parseInt(args.options.at("threads"), "threads", kThreadsRange, threads,
                error))
    return fail(error);
  sslc::Tensor input;
  if (!sslc::readNpy(args.options.at("input"), input, error))
    return fail(error);
  if (input.rank() < 1)
    return fail(args.options.at("input") + ": expected at least one dimension "
                                           "(the batch)");
  if (input.numElements() == 0)
    return fail(args.options.at("input") +
                ": expected at least one sample with at least one value, "
                "found shape " +
                sslc::shapeToString(input.shape));
  Session s;
  auto exe = jitModel(s, args.positional[0], input.shape[0], threads, args);
  if (!exe)
    return 1;
  if (exe->inputShapes().size() != 1 || exe->outputShapes().size() != 1)
    return fail("run supports models with one input and one output");
  if (input.shape != exe->inputShapes()[0])
    return fail(args.options.at("input") + ": expected shape " +
                sslc::shapeToString(exe->inputShapes()[0]) + ", found " +
                sslc::shapeToString(input.shape));
  sslc::Tensor output;
  auto start = std::chrono::steady_clock::now();
  if (!exe->run({&input}, {&output}, error))
    return fail(error);
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  if (!sslc::writeNpy(args.options.at("output"), output, error))
    return fail(error);
  llvm::outs() << "output " << sslc::shapeToString(output.shape) << " -> "
               << args.options.at("output") << " in "
               << llvm::format("%.3f", ms) << " ms\n";
  return 0;
}

int runBench(const Args &args) {
  if (args.positional.size() != 1)
    return fail("bench expects one MODEL argument");
  std::string error;
  int64_t batch = 1, threads = 0, runs = 50;
  if ((args.options.count("batch") &&
       !parseInt(args.options.at("batch"), "batch", kBatchRange, batch,
                 error)) ||
      (args.options.count("threads") &&
       !parseInt(args.options.at("threads"), "threads", kThreadsRange, threads,
                 error)) ||
      (args.options.count("runs") &&
       !parseInt(args.options.at("runs"), "runs", kRunsRange, runs, error)))
    return fail(error);
  Session s;
  auto exe = jitModel(s, args.positional[0], batch, threads, args);
  if (!exe)
    return 1;
  for (const auto *shapes : {&exe->inputShapes(), &exe->outputShapes()})
    for (const auto &shape : *shapes)
      if (!checkShapeFits(shape, "batch", error))
        return fail(error);
  std::vector<sslc::Tensor> inputs;
  std::vector<const sslc::Tensor *> in;
  std::vector<sslc::Tensor> outputs(exe->outputShapes().size());
  std::vector<sslc::Tensor *> out;
  uint32_t state = 12345;
  for (const auto &shape : exe->inputShapes()) {
    inputs.emplace_back(shape);
    for (float &v : inputs.back().data) {
      state = state * 1664525u + 1013904223u;
      v = static_cast<float>(state >> 8) / 16777216.0f;
    }
  }
  for (auto &t : inputs)
    in.push_back(&t);
  for (auto &t : outputs)
    out.push_back(&t);
  for (int i = 0; i < 3; ++i)
    if (!exe->run(in, out, error))
      return fail(error);
  std::vector<double> times;
  for (int64_t i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    exe->run(in, out, error);
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  if (args.flags.count("json")) {
    llvm::outs() << "{\"model\": \"" << args.positional[0]
                 << "\", \"median_ms\": " << llvm::format("%.6f", median)
                 << ", \"min_ms\": " << llvm::format("%.6f", times.front())
                 << ", \"batch\": " << batch << ", \"threads\": " << threads
                 << ", \"runs\": " << runs << "}\n";
  } else {
    llvm::outs() << args.positional[0] << ": median "
                 << llvm::format("%.3f", median) << " ms, min "
                 << llvm::format("%.3f", times.front()) << " ms over " << runs
                 << " runs (batch " << batch << ", threads "
                 << (threads ? std::to_string(threads) : "default") << ")\n";
  }
  return 0;
}

/// Loads the test split named by --dataset.
bool loadTestSet(const std::string &spec, sslc::Dataset &data,
                 std::string &error) {
  if (spec == "mnist")
    return sslc::loadMnist(sslc::mnistCacheDir(), sslc::Split::Test, data,
                           error);
  if (spec == "fashion-mnist")
    return sslc::loadMnist(sslc::kFashionMnistDir, sslc::Split::Test, data,
                           error);
  if (llvm::StringRef(spec).starts_with("cifar10:"))
    return sslc::loadCifar10(spec.substr(8), sslc::Split::Test, data, error);
  error = "--dataset expects mnist, fashion-mnist or cifar10:DIR, got '" +
          spec + "'";
  return false;
}

int runEval(const Args &args) {
  if (args.positional.size() != 1)
    return fail("eval expects one MODEL argument");
  if (!args.options.count("dataset"))
    return fail("eval expects --dataset");
  std::string error;
  int64_t batch = 100, threads = 0;
  if ((args.options.count("batch") &&
       !parseInt(args.options.at("batch"), "batch", kBatchRange, batch,
                 error)) ||
      (args.options.count("threads") &&
       !parseInt(args.options.at("threads"), "threads", kThreadsRange, threads,
                 error)))
    return fail(error);
  sslc::Dataset data;
  if (!loadTestSet(args.options.at("dataset"), data, error))
    return fail(error);
  Session s;
  auto exe = jitModel(s, args.positional[0], batch, threads, args);
  if (!exe)
    return 1;
  if (exe->inputShapes().size() != 1 || exe->outputShapes().size() != 1)
    return fail("eval supports models with one input and one output");
  for (const auto *shapes : {&exe->inputShapes(), &exe->outputShapes()})
    for (const auto &shape : *shapes)
      if (!checkShapeFits(shape, "batch", error))
        return fail(error);
  const std::vector<int64_t> &inShape = exe->inputShapes()[0];
  int64_t perImage = 1;
  for (size_t d = 1; d < inShape.size(); ++d)
    perImage *= inShape[d];
  int64_t imageSize = data.images.numElements() / data.size();
  if (perImage != imageSize)
    return fail("model input " + sslc::shapeToString(inShape) +
                " does not take images of " + std::to_string(imageSize) +
                " values");
  sslc::Tensor input(inShape), output;
  sslc::Tensor predictions({data.size()});
  int64_t wrong = 0;
  auto start = std::chrono::steady_clock::now();
  for (int64_t first = 0; first < data.size(); first += batch) {
    int64_t count = std::min(batch, data.size() - first);
    // The last batch is padded with copies of its first image.
    for (int64_t i = 0; i < batch; ++i) {
      int64_t src = first + (i < count ? i : 0);
      std::copy(data.images.data.begin() + src * imageSize,
                data.images.data.begin() + (src + 1) * imageSize,
                input.data.begin() + i * imageSize);
    }
    if (!exe->run({&input}, {&output}, error))
      return fail(error);
    int64_t classes = output.numElements() / batch;
    for (int64_t i = 0; i < count; ++i) {
      const float *row = output.data.data() + i * classes;
      int64_t best = std::max_element(row, row + classes) - row;
      predictions.data[first + i] = static_cast<float>(best);
      wrong += best != data.labels[first + i];
    }
  }
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  if (args.options.count("predictions") &&
      !sslc::writeNpy(args.options.at("predictions"), predictions, error))
    return fail(error);
  llvm::outs() << llvm::format("test error %.2f%% (%lld of %lld), %.0f img/s\n",
                               100.0 * wrong / data.size(),
                               static_cast<long long>(wrong),
                               static_cast<long long>(data.size()),
                               data.size() / seconds);
  return 0;
}

int runReport(const Args &args) {
  if (args.positional.size() != 1)
    return fail("report expects one MODEL argument");
  Session s;
  sslc::ZooOptions zoo;
  OwningOpRef<ModuleOp> module =
      sslc::loadModel(s.ctx.get(), args.positional[0], zoo);
  if (!module)
    return 1;
  std::string error;
  if (args.options.count("weights")) {
    const std::string &path = args.options.at("weights");
    sslc::TensorFile file;
    if (!sslc::readSafetensors(path, file, error) ||
        !sslc::applyWeights(*module, file, path, error))
      return fail(error);
  }
  std::string dir =
      args.options.count("output-prefix") ? args.options.at("output-prefix") : "";
  if (!sslc::writeReport(*module, llvm::outs(), dir, error))
    return fail(error);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" ||
      std::string(argv[1]) == "-h") {
    llvm::outs() << kUsage;
    return argc < 2 ? 2 : 0;
  }
  Args args;
  args.command = argv[1];
  std::string error;
  if (args.command == "compile") {
    if (!parseArgs(argc, argv,
                   {"output-prefix", "target", "emit", "batch", "weights"},
                   {"prune"}, args, error))
      return fail(error);
    return runCompile(args);
  }
  if (args.command == "run") {
    if (!parseArgs(argc, argv, {"input", "output", "threads", "weights"},
                   {"prune"}, args, error))
      return fail(error);
    return runRun(args);
  }
  if (args.command == "bench") {
    if (!parseArgs(argc, argv, {"batch", "threads", "runs", "weights"},
                   {"json", "prune"}, args, error))
      return fail(error);
    return runBench(args);
  }
  if (args.command == "eval") {
    if (!parseArgs(argc, argv,
                   {"dataset", "weights", "batch", "threads", "predictions"},
                   {"prune"}, args, error))
      return fail(error);
    return runEval(args);
  }
  if (args.command == "train") {
    if (!parseArgs(argc, argv, sslc::kTrainValuedOptions,
                   sslc::kTrainSwitches, args, error))
      return fail(error);
    if (!args.positional.empty())
      return fail("train takes no positional argument (use --model), got '" +
                  args.positional[0] + "'");
    Session s;
    return sslc::runTrainCommand(*s.ctx, args.options, args.flags);
  }
  if (args.command == "report") {
    if (!parseArgs(argc, argv, {"weights", "output-prefix"}, {}, args, error))
      return fail(error);
    return runReport(args);
  }
  llvm::errs() << "sslc: unknown command '" << args.command << "'\n"
               << kUsage;
  return 2;
}
