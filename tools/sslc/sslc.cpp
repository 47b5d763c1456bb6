//===- sslc.cpp - the sslc command line -----------------------------------===//
//
// sslc compile | run | bench | eval | report | train, on the public C++ API
// (sslc/sslc.h) and LLVM's command-line subcommands. Every failure prints
// one message naming the file or option, then expected vs found, and exits
// non-zero; outputs are written only on success.
//
//===----------------------------------------------------------------------===//
#include "sslc/sslc.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

namespace cl = llvm::cl;

namespace {

cl::OptionCategory category("sslc options");

cl::SubCommand compileCmd(
    "compile", "Compile MODEL ahead of time: static-library writes NAME.a + "
               "NAME.h (weights embedded, Halide runtime included), object "
               "NAME.o + NAME.h, mlir the Inference IR as NAME.mlir");
cl::SubCommand runCmd("run", "JIT-compile MODEL and run it on --input X.npy "
                             "(float32, C order); writes --output Y.npy");
cl::SubCommand benchCmd(
    "bench", "Median latency of MODEL's JIT code on random input after "
             "warm-up");
cl::SubCommand evalCmd("eval", "Test-set error of MODEL's JIT code (argmax "
                               "of the outputs)");
cl::SubCommand reportCmd(
    "report", "The structure MODEL has learned, per layer: filters and "
              "channels alive, live filter-shape columns, sparsity, whole "
              "layers removed, the zero filters pruning keeps and why, and "
              "the FLOPs and parameters left after --prune");
cl::SubCommand trainCmd(
    "train",
    "SSL training (Wen et al. 2016): SGD with momentum on the cross-entropy "
    "plus the group Lasso terms of --ssl. Each epoch prints loss, train/test "
    "error and the live filters, channels and columns per layer, and writes "
    "a checkpoint that --resume continues from bit-identically and the "
    "training curve so far (OUT.curve.csv, OUT.curve.svg; a resumed run "
    "keeps the epochs before its checkpoint)");

cl::list<std::string> positional(cl::Positional, cl::desc("MODEL"),
                                 cl::sub(compileCmd), cl::sub(runCmd),
                                 cl::sub(benchCmd), cl::sub(evalCmd),
                                 cl::sub(reportCmd), cl::sub(trainCmd),
                                 cl::cat(category));
/// The MODEL argument once checked.
std::string model;
cl::opt<std::string> outputPrefix(
    "o",
    cl::desc("compile: OUT/NAME; report: the folder of the figures "
             "conv1_filters.svg and live_structure.svg; train: "
             "OUT.safetensors, the parameters under the model's names, "
             "and beside it the training curve OUT.curve.csv (a row "
             "per epoch) and OUT.curve.svg"),
    cl::value_desc("path"), cl::sub(compileCmd), cl::sub(reportCmd),
    cl::sub(trainCmd), cl::cat(category));
cl::opt<std::string> weights(
    "weights",
    cl::desc("Replace parameters by name from a safetensors file (PyTorch "
             "names and layouts)"),
    cl::value_desc("W.safetensors"), cl::sub(compileCmd), cl::sub(runCmd),
    cl::sub(benchCmd), cl::sub(evalCmd), cl::sub(reportCmd),
    cl::cat(category));
cl::opt<bool> prune("prune",
                    cl::desc("Delete every all-zero group first (the "
                             "ssl-prune pipeline: same function, smaller "
                             "tensors)"),
                    cl::sub(compileCmd), cl::sub(runCmd), cl::sub(benchCmd),
                    cl::sub(evalCmd), cl::cat(category));
cl::opt<std::string> batchOpt("batch",
                              cl::desc("Batch of zoo models and of an ONNX "
                                       "model's symbolic batch (1-65536)"),
                              cl::value_desc("B"), cl::sub(compileCmd),
                              cl::sub(benchCmd), cl::sub(evalCmd),
                              cl::sub(trainCmd),
                              cl::cat(category));
cl::opt<std::string> threadsOpt(
    "threads", cl::desc("Threads of the compiled code (1-256; default: one "
                        "per core)"),
    cl::value_desc("T"), cl::sub(runCmd), cl::sub(benchCmd), cl::sub(evalCmd), cl::sub(trainCmd),
    cl::cat(category));
cl::opt<std::string> cacheDirOpt(
    "cache-dir",
    cl::desc("Folder of the compile cache, or 'off' to compile in process "
             "every time (default: $SSLC_CACHE_DIR, else "
             "~/.cache/sslc/compiled; SSLC_CACHE=off turns it off)"),
    cl::value_desc("DIR"), cl::sub(runCmd), cl::sub(benchCmd),
    cl::sub(evalCmd), cl::cat(category));
cl::opt<std::string> target(
    "target",
    cl::desc("host (default), host-cuda, host-cuda-cuda_capability_NN or a "
             "Halide target"),
    cl::sub(compileCmd), cl::cat(category));
cl::opt<std::string> emit("emit",
                          cl::desc("static-library (default), object or mlir"),
                          cl::sub(compileCmd), cl::cat(category));
cl::opt<std::string> input("input", cl::desc("The input tensor"),
                           cl::value_desc("X.npy"), cl::sub(runCmd),
                           cl::cat(category));
cl::opt<std::string> output("output", cl::desc("The output tensor"),
                            cl::value_desc("Y.npy"), cl::sub(runCmd),
                            cl::cat(category));
cl::opt<std::string> runs("runs", cl::desc("Timed runs (default 50)"),
                          cl::value_desc("N"),
                          cl::sub(benchCmd), cl::cat(category));
cl::opt<bool> json("json", cl::desc("Print one JSON object"),
                   cl::sub(benchCmd), cl::cat(category));
cl::opt<std::string>
    dataset("dataset",
            cl::desc("mnist, fashion-mnist or cifar10:DIR (the binary "
                     "CIFAR-10 batches in DIR); a zoo model is built for "
                     "its samples"),
            cl::sub(evalCmd), cl::sub(trainCmd), cl::sub(reportCmd),
            cl::cat(category));
cl::opt<std::string> predictions(
    "predictions", cl::desc("Write the predicted classes as a float32 .npy"),
    cl::value_desc("P.npy"), cl::sub(evalCmd), cl::cat(category));

/// `sslc train`'s options, handed to sslc::train by name; --dataset,
/// --batch, --threads and -o are shared with the other commands.
struct TrainOption {
  const char *name, *valueName, *help;
};
const TrainOption kTrainOptions[] = {
    {"model", "MODEL", "The model to train: a .mlir or .onnx file or a zoo name"},
    {"ssl", "[LAYER.]KIND=L,...",
     "Group Lasso strengths. Conv weights: filter, channel, shape, kernel2d, "
     "depth; a residual branch's conv with the gamma and beta of its batch "
     "norm: depth_bn; dense weights: row, column. LAYER.KIND=L (e.g. "
     "conv2.filter=0.02) sets one layer's"},
    {"ssl-update", "MODE|KIND=MODE,...",
     "subgradient (default) or proximal: shrink groups after each update "
     "(exact zeros below lr*L)"},
    {"epochs", "N", "Epochs (default 1)"},
    {"lr", "LR", "Learning rate (default 0.01)"},
    {"momentum", "M", "SGD momentum (default 0.9)"},
    {"weight-decay", "WD", "Weight decay (default 5e-4)"},
    {"lr-policy", "multistep|inv",
     "multistep: lr x gamma at each --lr-steps epoch; inv: "
     "lr*(1+G*iter)^-P per step (Caffe's inv)"},
    {"lr-steps", "E1,E2", "Epochs of the multistep policy's decays"},
    {"lr-gamma", "G", "Multistep decay (default 0.1)"},
    {"lr-inv-gamma", "G", "inv policy's G (default 1e-4)"},
    {"lr-power", "P", "inv policy's P (default 0.75)"},
    {"seed", "S", "Seed of the initialization and the batch order"},
    {"init", "W.safetensors", "Initial parameters"},
    {"finetune", "groups|elements",
     "Freeze the zeros of --init: groups only those of all-zero groups, "
     "elements every zero"},
    {"zero-threshold", "T",
     "Weights with |w| <= T are set to 0 after each step (default 1e-4)"},
    {"checkpoint", "C.safetensors",
     "Checkpoint written each epoch (default OUT.ckpt.safetensors)"},
    {"resume", "C.safetensors", "Continue from a checkpoint"},
    {"max-steps", "N", "Steps per epoch at most"},
    {"eval-samples", "N", "Test samples evaluated per epoch at most"},
};

constexpr const char *kOverview =
    "sslc: a compiler for networks trained with Structured Sparsity Learning\n"
    "\n"
    "usage: sslc <command> [options]   (sslc <command> --help for its "
    "options)\n"
    "\n"
    "MODEL is a .mlir or .onnx file or a zoo model name (lenet, mlp, "
    "convnet,\nresnet20, resnet32, resnet56, alexnet).\n";

struct IntRange {
  int64_t min, max;
};
constexpr IntRange kBatchRange{1, 65536};
/// Halide's thread pool runs at most 256 threads.
constexpr IntRange kThreadsRange{1, 256};
constexpr IntRange kRunsRange{1, 1000000};

/// Thrown for a bad command line; printed like an sslc::Error.
struct UsageError {
  std::string message;
};

/// A decimal integer in `range`: the message names the option, then what
/// was expected and what was found.
int64_t parseInt(const cl::opt<std::string> &opt, IntRange range,
                 int64_t fallback) {
  if (opt.getNumOccurrences() == 0)
    return fallback;
  const std::string &text = opt;
  long long v = 0;
  bool ok = !llvm::StringRef(text).getAsInteger(10, v);
  if (!ok || v < range.min || v > range.max)
    throw UsageError{"option '--" + opt.ArgStr.str() +
                     "' expects an integer in [" + std::to_string(range.min) +
                     ", " + std::to_string(range.max) + "], got '" + text +
                     "'" + (ok && v > range.max ? " (too large)" : "")};
  return v;
}

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

void requireModel(const char *command) {
  if (positional.size() != 1)
    throw UsageError{std::string(command) + " expects one MODEL argument"};
  model = positional.front();
}

sslc::Model loadModel(int64_t batch,
                      const std::vector<int64_t> &sampleShape = {}) {
  sslc::LoadOptions options;
  options.batch = batch;
  options.sampleShape = sampleShape;
  options.weights = weights;
  sslc::Model m = sslc::Model::load(model, options);
  return prune ? m.prune() : m;
}

int runCompile() {
  requireModel("compile");
  if (outputPrefix.empty())
    throw UsageError{"compile expects -o OUT/NAME"};
  std::string kind = emit.empty() ? "static-library" : std::string(emit);
  if (kind != "static-library" && kind != "object" && kind != "mlir")
    throw UsageError{"--emit expects static-library, object or mlir, got '" +
                     kind + "'"};
  sslc::ExportOptions options;
  if (target.getNumOccurrences())
    options.target = target;
  options.kind = kind == "object" ? sslc::ExportKind::Object
                 : kind == "mlir" ? sslc::ExportKind::Mlir
                                  : sslc::ExportKind::StaticLibrary;
  sslc::exportLibrary(loadModel(parseInt(batchOpt, kBatchRange, 1)),
                      outputPrefix, options);
  if (options.kind == sslc::ExportKind::Mlir)
    return 0;
  llvm::outs() << "wrote " << outputPrefix
               << (options.kind == sslc::ExportKind::Object ? ".o" : ".a")
               << " and " << outputPrefix << ".h (target " << options.target
               << ")\n";
  return 0;
}

sslc::CompiledModel jit(int64_t batch, int64_t threads,
                        const std::vector<int64_t> &sampleShape = {}) {
  sslc::CompileOptions options;
  options.threads = static_cast<int>(threads);
  if (cacheDirOpt.getNumOccurrences() && cacheDirOpt.empty())
    throw UsageError{"option '--cache-dir' expects a folder or 'off'"};
  options.cacheDir = cacheDirOpt;
  return sslc::compile(loadModel(batch, sampleShape), options);
}

int runRun() {
  requireModel("run");
  if (input.empty() || output.empty())
    throw UsageError{"run expects --input X.npy and --output Y.npy"};
  int64_t threads = parseInt(threadsOpt, kThreadsRange, 0);
  sslc::HostTensor x = sslc::readNpy(input);
  if (x.shape.empty())
    throw UsageError{input + ": expected at least one dimension (the batch)"};
  if (x.data.empty())
    throw UsageError{input +
                     ": expected at least one sample with at least one "
                     "value, found shape " +
                     shapeText(x.shape)};
  auto compileStart = std::chrono::steady_clock::now();
  // A zoo model is built for the input's samples.
  sslc::CompiledModel exe =
      jit(x.shape[0], threads,
          std::vector<int64_t>(x.shape.begin() + 1, x.shape.end()));
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();
  if (exe.inputs().size() != 1 || exe.outputs().size() != 1)
    throw UsageError{"run supports models with one input and one output"};
  if (x.shape != exe.inputs()[0].shape)
    throw UsageError{input + ": expected shape " +
                     shapeText(exe.inputs()[0].shape) + ", found " +
                     shapeText(x.shape)};
  auto start = std::chrono::steady_clock::now();
  std::vector<sslc::HostTensor> y = exe.run({{x.data.data(), x.shape}});
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  sslc::writeNpy(output, {y[0].data.data(), y[0].shape});
  llvm::outs() << "output " << shapeText(y[0].shape) << " -> " << output
               << " in " << llvm::format("%.3f", ms) << " ms (compiled in "
               << llvm::format("%.2f", compileSeconds) << " s"
               << (exe.loadedFromCache() ? ", from the compile cache" : "")
               << ")\n";
  return 0;
}

int runBench() {
  requireModel("bench");
  int64_t batch = parseInt(batchOpt, kBatchRange, 1);
  int64_t threads = parseInt(threadsOpt, kThreadsRange, 0);
  int64_t count = parseInt(runs, kRunsRange, 50);
  sslc::CompiledModel exe = jit(batch, threads);
  std::vector<std::vector<float>> inputs, outputs;
  std::vector<const float *> in;
  std::vector<float *> out;
  uint32_t state = 12345;
  for (const sslc::TensorInfo &info : exe.inputs()) {
    inputs.emplace_back(info.numElements());
    for (float &v : inputs.back()) {
      state = state * 1664525u + 1013904223u;
      v = static_cast<float>(state >> 8) / 16777216.0f;
    }
    in.push_back(inputs.back().data());
  }
  for (const sslc::TensorInfo &info : exe.outputs()) {
    outputs.emplace_back(info.numElements());
    out.push_back(outputs.back().data());
  }
  for (int i = 0; i < 3; ++i)
    exe.run(in.data(), out.data());
  std::vector<double> times;
  for (int64_t i = 0; i < count; ++i) {
    auto start = std::chrono::steady_clock::now();
    exe.run(in.data(), out.data());
    times.push_back(std::chrono::duration<double, std::milli>(
                        std::chrono::steady_clock::now() - start)
                        .count());
  }
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  if (json) {
    llvm::outs() << "{\"model\": \"" << model
                 << "\", \"median_ms\": " << llvm::format("%.6f", median)
                 << ", \"min_ms\": " << llvm::format("%.6f", times.front())
                 << ", \"batch\": " << batch << ", \"threads\": " << threads
                 << ", \"runs\": " << count << "}\n";
  } else {
    llvm::outs() << model << ": median " << llvm::format("%.3f", median)
                 << " ms, min " << llvm::format("%.3f", times.front())
                 << " ms over " << count << " runs (batch " << batch
                 << ", threads "
                 << (threads ? std::to_string(threads) : "default") << ")\n";
  }
  return 0;
}

int runEval() {
  requireModel("eval");
  if (dataset.empty())
    throw UsageError{"eval expects --dataset"};
  int64_t batch = parseInt(batchOpt, kBatchRange, 100);
  int64_t threads = parseInt(threadsOpt, kThreadsRange, 0);
  sslc::ImageDataset data = sslc::loadDataset(dataset);
  // A zoo model is built for the data set's samples (ResNet-20 on MNIST
  // takes 1x28x28), as `sslc train` built it.
  std::vector<int64_t> sample(data.images.shape.begin() + 1,
                              data.images.shape.end());
  sslc::CompiledModel exe = jit(batch, threads, sample);
  sslc::Evaluation e = sslc::evaluate(exe, data);
  if (!predictions.empty()) {
    std::vector<float> classes(e.predictions.begin(), e.predictions.end());
    sslc::writeNpy(predictions,
                   {classes.data(), {static_cast<int64_t>(classes.size())}});
  }
  llvm::outs() << llvm::format("test error %.2f%% (%lld of %lld), %.0f img/s\n",
                               100.0 * e.errorRate(),
                               static_cast<long long>(e.errors),
                               static_cast<long long>(e.samples),
                               e.samples / e.seconds);
  return 0;
}

int runReport() {
  requireModel("report");
  sslc::LoadOptions options;
  options.weights = weights;
  // A zoo model trained on a data set is built for its samples.
  if (!dataset.empty()) {
    sslc::ImageDataset data = sslc::loadDataset(dataset);
    options.sampleShape.assign(data.images.shape.begin() + 1,
                               data.images.shape.end());
  }
  sslc::Model m = sslc::Model::load(model, options);
  llvm::outs() << m.report().text();
  if (!outputPrefix.empty()) {
    std::vector<std::string> paths = m.writeReportFigures(outputPrefix);
    llvm::outs() << "figures: ";
    for (size_t i = 0; i < paths.size(); ++i)
      llvm::outs() << (i ? ", " : "") << paths[i];
    llvm::outs() << "\n";
  }
  return 0;
}

int runTrain(const std::vector<std::unique_ptr<cl::opt<std::string>>> &opts) {
  if (!positional.empty())
    throw UsageError{"train takes no positional argument (use --model), got '" +
                     positional.front() + "'"};
  std::map<std::string, std::string> options;
  for (const auto &opt : opts)
    if (opt->getNumOccurrences())
      options[opt->ArgStr.str()] = *opt;
  for (const cl::opt<std::string> *shared : {&batchOpt, &threadsOpt, &dataset})
    if (shared->getNumOccurrences())
      options[shared->ArgStr.str()] = *shared;
  if (outputPrefix.getNumOccurrences())
    options["output"] = outputPrefix;
  llvm::outs().flush();
  sslc::train(options, std::cout);
  return 0;
}

/// "sslc: error: MESSAGE", unless the message begins with its own place
/// ("model.mlir:3:5: error: ...").
int printError(const std::string &message) {
  llvm::StringRef first = llvm::StringRef(message).split('\n').first;
  bool placed = first.contains(": error: ");
  llvm::outs().flush();
  llvm::errs() << (placed ? "" : "sslc: error: ") << message << "\n";
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  // One option of `sslc train` per kTrainOptions entry, registered before
  // the command line is parsed.
  std::vector<std::unique_ptr<cl::opt<std::string>>> trainOpts;
  for (const TrainOption &o : kTrainOptions)
    trainOpts.push_back(std::make_unique<cl::opt<std::string>>(
        llvm::StringRef(o.name), cl::desc(o.help), cl::value_desc(o.valueName),
        cl::sub(trainCmd), cl::cat(category)));
  cl::HideUnrelatedOptions(category);
  for (cl::SubCommand *sub :
       {&compileCmd, &runCmd, &benchCmd, &evalCmd, &reportCmd, &trainCmd})
    cl::HideUnrelatedOptions(category, *sub);

  llvm::StringRef command = argc > 1 ? argv[1] : "";
  bool known = false;
  for (cl::SubCommand *sub :
       {&compileCmd, &runCmd, &benchCmd, &evalCmd, &reportCmd, &trainCmd})
    known |= sub->getName() == command;
  if (!known && !command.starts_with("-")) {
    if (!command.empty())
      llvm::errs() << "sslc: unknown command '" << command << "'\n";
    (command.empty() ? llvm::outs() : llvm::errs())
        << kOverview
        << "commands: compile, run, bench, eval, report, train\n";
    return 2;
  }
  cl::ParseCommandLineOptions(argc, argv, kOverview);
  try {
    if (compileCmd)
      return runCompile();
    if (runCmd)
      return runRun();
    if (benchCmd)
      return runBench();
    if (evalCmd)
      return runEval();
    if (reportCmd)
      return runReport();
    if (trainCmd)
      return runTrain(trainOpts);
  } catch (const UsageError &e) {
    return printError(e.message);
  } catch (const sslc::Error &e) {
    return printError(e.what());
  }
  cl::PrintHelpMessage();
  return 2;
}
