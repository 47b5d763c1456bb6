//===- Train.cpp - SSL training as `sslc train` runs it -------------------===//
//
// Model (zoo name, .mlir or .onnx) -> ssl-derive-train-step ->
// codegen::TrainStep -> runtime Trainer -> trained parameters under the
// model's own names. The options arrive as text by their command-line names
// and every message names the option at fault.
//
//===----------------------------------------------------------------------===//
#include "api/lib/Session.h"
#include "api/lib/TrainingCurve.h"

#include "codegen/Codegen.h"
#include "frontends/ModelLoader.h"
#include "frontends/Weights.h"
#include "passes/Passes.h"
#include "passes/Training/DepthGroups.h"
#include "runtime/Datasets.h"
#include "runtime/FileUtil.h"
#include "runtime/Trainer.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>
#include <cmath>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace mlir;

namespace sslc {
namespace {

/// The options train() takes, by their command-line names.
const std::set<std::string> kTrainOptions = {
    "model",        "dataset",        "ssl",          "epochs",     "batch",
    "lr",           "momentum",       "weight-decay", "lr-policy",  "lr-steps",
    "lr-gamma",     "lr-inv-gamma",   "lr-power",     "seed",       "init",
    "threads",      "zero-threshold", "resume",       "checkpoint", "max-steps",
    "eval-samples", "output",         "ssl-update",   "finetune"};

constexpr double kNoLimit = std::numeric_limits<double>::infinity();

[[noreturn]] void fail(const std::string &message,
                       ErrorKind kind = ErrorKind::InvalidArgument) {
  throw Error(kind, message);
}

struct OptionReader {
  const std::map<std::string, std::string> &options;
  std::string error;

  bool has(const std::string &name) const { return options.count(name); }

  /// An integer in [min, max]; `value` keeps its default when the option
  /// is absent.
  bool integer(const std::string &name, int64_t min, int64_t &value,
               int64_t max = std::numeric_limits<int64_t>::max()) {
    if (!has(name))
      return true;
    const std::string &text = options.at(name);
    long long v;
    if (llvm::StringRef(text).getAsInteger(10, v) || v < min || v > max) {
      error = "option '--" + name + "' expects an integer " +
              (max == std::numeric_limits<int64_t>::max()
                   ? ">= " + std::to_string(min)
                   : "in [" + std::to_string(min) + ", " + std::to_string(max) +
                         "]") +
              ", got '" + text + "'";
      return false;
    }
    value = v;
    return true;
  }

  /// A finite number in [min, max) (max exclusive only when `openMax`).
  bool number(const std::string &name, double min, double max, bool openMax,
              float &value) {
    if (!has(name))
      return true;
    return parse("option '--" + name + "'", options.at(name), min, max, openMax,
                 value);
  }

  bool parse(const std::string &what, const std::string &text, double min,
             double max, bool openMax, float &value) {
    double v;
    if (llvm::StringRef(text).trim().getAsDouble(v) || !std::isfinite(v) ||
        v < min || v > max || (openMax && v == max)) {
      auto str = [](double d) {
        std::ostringstream os;
        os << d;
        return os.str();
      };
      std::string range =
          std::isinf(max)
              ? ">= " + str(min)
              : "in [" + str(min) + ", " + str(max) + (openMax ? ")" : "]");
      error = what + " expects a number " + range + ", got '" + text + "'";
      return false;
    }
    value = static_cast<float>(v);
    return true;
  }
};

/// --ssl filter=λ,channel=λ,conv2.filter=λ,...: the group Lasso strength
/// per group kind, and per layer where a layer name prefixes the kind.
bool parseSsl(OptionReader &r, DeriveTrainStepPassOptions &pass) {
  if (!r.has("ssl"))
    return true;
  llvm::SmallVector<llvm::StringRef> items;
  llvm::StringRef(r.options.at("ssl")).split(items, ',', -1, false);
  if (items.empty()) {
    r.error = "option '--ssl' expects KIND=LAMBDA[,KIND=LAMBDA...]";
    return false;
  }
  for (llvm::StringRef item : items) {
    auto [key, value] = item.split('=');
    // LAYER.KIND=λ sets one layer's strength (the paper tunes λ per layer).
    auto [layer, kindName] = key.trim().rsplit('.');
    if (kindName.empty())
      std::swap(layer, kindName);
    float *field = groupLambdaOption(pass, kindName.trim());
    if (!field || value.empty()) {
      r.error = "option '--ssl': expected [LAYER.]KIND=LAMBDA with KIND one "
                "of " +
                kGroupLambdaKinds.str() + "; got '" + item.str() + "'";
      return false;
    }
    float lambda;
    if (!r.parse("option '--ssl' " + key.trim().str(), value.str(), 0.0,
                 kNoLimit, false, lambda))
      return false;
    if (layer.empty())
      *field = lambda;
    else
      pass.layerLambdas.push_back((key.trim() + "=" + value.trim()).str());
  }
  return true;
}

/// Every --ssl LAYER.KIND=L must name a layer its kind applies to (a
/// convolution for filter, channel, shape, kernel2d and depth; a dense layer
/// for row and column). Checked here so that the message speaks of --ssl
/// and lists the model's layers; the pass repeats the check for ssl-opt.
bool checkSslLayers(ModuleOp module, const DeriveTrainStepPassOptions &pass,
                    std::string &error) {
  std::map<std::string, int64_t> weightRank; // layer -> rank of LAYER.weight
  module.walk([&](ml_program::GlobalOp g) {
    llvm::StringRef name = g.getSymName();
    if (name.consume_back(".weight"))
      if (auto type = dyn_cast<RankedTensorType>(g.getType()))
        weightRank[name.str()] = type.getRank();
  });
  for (const std::string &entry : pass.layerLambdas) {
    llvm::StringRef target = llvm::StringRef(entry).split('=').first;
    auto [layer, kind] = target.rsplit('.');
    bool dense = kind == "row" || kind == "column";
    int64_t rank = dense ? 2 : 4;
    auto it = weightRank.find(layer.str());
    if (it != weightRank.end() && it->second == rank)
      continue;
    std::string layers;
    for (const auto &[name, r] : weightRank)
      if (r == rank)
        layers += (layers.empty() ? "" : ", ") + name;
    const char *what = dense ? "dense" : "convolution";
    error = "option '--ssl': '" + target.str() + "' expects a " + what +
            " layer named '" + layer.str() + "'; the model's " + what +
            " layers are " + (layers.empty() ? "none" : layers);
    return false;
  }
  return true;
}

bool isTrainingState(llvm::StringRef name) {
  return name.ends_with(".momentum_buffer") || name.ends_with(".mask") ||
         name == kDropoutStepGlobal;
}

/// The epochs up to `resumedEpoch` of the run a checkpoint continues: the
/// curve beside the output, else the one beside the checkpoint (its
/// default name is OUT.ckpt.safetensors). A missing or unreadable curve is
/// a note, not an error: the parameters matter more than their history.
api::TrainingCurve earlierCurve(const std::string &out,
                                const std::string &checkpoint,
                                int64_t resumedEpoch, std::ostream &log) {
  std::string stem = api::curvePath(checkpoint, "");
  if (llvm::StringRef(stem).ends_with(".ckpt"))
    stem.resize(stem.size() - 5);
  std::string error;
  for (const std::string &path :
       {api::curvePath(out, ".curve.csv"), stem + ".curve.csv"}) {
    std::string text;
    if (!readFileBytes(path, text, error))
      continue;
    api::TrainingCurve curve;
    if (!api::TrainingCurve::parse(text, path, curve, error)) {
      log << "note: ignoring the earlier curve: " << error << "\n";
      return {};
    }
    curve.truncate(resumedEpoch);
    if (curve.rows.size() != static_cast<size_t>(resumedEpoch))
      log << "note: " << path << " holds " << curve.rows.size() << " of the "
          << resumedEpoch << " epochs before the checkpoint\n";
    return curve;
  }
  log << "note: no curve of the epochs before the checkpoint beside " << out
      << " or " << checkpoint << "; the curve starts at epoch "
      << resumedEpoch + 1 << "\n";
  return {};
}

} // namespace

void train(const std::map<std::string, std::string> &options,
           std::ostream &log) {
  for (const auto &[name, value] : options)
    if (!kTrainOptions.count(name))
      fail("unknown option '--" + name + "' for 'train'");
  OptionReader r{options, ""};
  for (const char *required : {"model", "dataset", "output"})
    if (!r.has(required))
      fail(std::string("train expects ") +
           (std::string(required) == "output" ? "-o OUT.safetensors"
                                              : "--" + std::string(required)));
  if (r.has("init") && r.has("resume"))
    fail("options '--init' and '--resume' exclude each other (a "
                "checkpoint already holds the parameters)");

  DeriveTrainStepPassOptions pass;
  // Caffe's LeNet and CIFAR solvers: momentum 0.9, weight decay 5e-4.
  float momentum = 0.9f, weightDecay = 5e-4f, zeroThreshold = 1e-4f;
  TrainerOptions train;
  int64_t batch = 64, threads = 0, seed = 1;
  // Bounds as sslc run/bench take them: beyond them a value is a typo or a
  // wrapped negative number (Halide's thread pool runs at most 256).
  if (!r.integer("epochs", 1, train.epochs, 1000000) ||
      !r.integer("batch", 1, batch, 65536) ||
      !r.integer("threads", 1, threads, 256) || !r.integer("seed", 0, seed) ||
      !r.integer("max-steps", 1, train.maxStepsPerEpoch) ||
      !r.integer("eval-samples", 1, train.maxEvalSamples) ||
      !r.number("lr", 0.0, kNoLimit, false, train.lr) ||
      !r.number("lr-gamma", 0.0, 1.0, false, train.lrGamma) ||
      !r.number("lr-inv-gamma", 0.0, kNoLimit, false, train.lrInvGamma) ||
      !r.number("lr-power", 0.0, kNoLimit, false, train.lrPower) ||
      !r.number("momentum", 0.0, 1.0, true, momentum) ||
      !r.number("weight-decay", 0.0, kNoLimit, false, weightDecay) ||
      !r.number("zero-threshold", 0.0, kNoLimit, false, zeroThreshold) ||
      !parseSsl(r, pass))
    fail(r.error);
  pass.momentum = momentum;
  pass.weightDecay = weightDecay;
  pass.zeroThreshold = zeroThreshold;
  if (train.lr <= 0.0f)
    fail("option '--lr' expects a number > 0, got '" + options.at("lr") +
                "'");
  if (r.has("lr-policy")) {
    const std::string &policy = options.at("lr-policy");
    if (policy == "inv")
      train.lrPolicy = LrPolicy::Inv;
    else if (policy != "multistep")
      fail("option '--lr-policy' expects multistep or inv, got '" +
                  policy + "'");
  }
  // Each policy's own options, so that a schedule is never half ignored.
  for (const char *name : {"lr-steps", "lr-gamma"})
    if (r.has(name) && train.lrPolicy != LrPolicy::Multistep)
      fail(std::string("option '--") + name +
                  "' belongs to --lr-policy multistep");
  for (const char *name : {"lr-inv-gamma", "lr-power"})
    if (r.has(name) && train.lrPolicy != LrPolicy::Inv)
      fail(std::string("option '--") + name +
                  "' belongs to --lr-policy inv");
  if (r.has("lr-steps")) {
    llvm::SmallVector<llvm::StringRef> items;
    llvm::StringRef(options.at("lr-steps")).split(items, ',', -1, false);
    for (llvm::StringRef item : items) {
      long long e;
      if (item.trim().getAsInteger(10, e) || e < 1 ||
          (!train.lrSteps.empty() && e <= train.lrSteps.back()))
        fail("option '--lr-steps' expects increasing epochs >= 1 "
                    "separated by commas, got '" +
                    options.at("lr-steps") + "'");
      train.lrSteps.push_back(e);
    }
  }
  if (r.has("finetune"))
    api::applyFinetune(options.at("finetune"), "option '--finetune'", pass);
  if (r.has("ssl-update"))
    api::applySslUpdate(options.at("ssl-update"), "option '--ssl-update'",
                        pass);
  train.seed = static_cast<uint64_t>(seed);
  const std::string out = options.at("output");
  llvm::StringRef stem(out);
  stem.consume_back(".safetensors");
  train.checkpointPath = r.has("checkpoint")
                             ? options.at("checkpoint")
                             : (stem + ".ckpt.safetensors").str();
  // The progress bar redraws one terminal line.
  train.progressBar = &log == &std::cout && ::isatty(STDOUT_FILENO);

  std::string error;
  const std::string &spec = options.at("dataset");
  Dataset trainSet = api::loadData(spec, Split::Train, ErrorKind::Train);
  Dataset testSet = api::loadData(spec, Split::Test, ErrorKind::Train);

  api::Session session;
  api::Session::Call call(session);
  MLIRContext &ctx = *session.context();
  ZooOptions zoo;
  zoo.batch = batch;
  zoo.seed = static_cast<uint64_t>(seed);
  zoo.sampleShape.assign(trainSet.images.shape.begin() + 1,
                         trainSet.images.shape.end());
  OwningOpRef<ModuleOp> module = loadModel(&ctx, options.at("model"), zoo);
  if (!module)
    call.fail(ErrorKind::Train, options.at("model") + ": cannot load the model");
  // The parameters the output file holds, under the model's own names.
  TensorFile initial = collectWeights(*module);
  if (r.has("init")) {
    const std::string &path = options.at("init");
    TensorFile file;
    if (!readSafetensors(path, file, error))
      fail(error, ErrorKind::Train);
    // A checkpoint's optimizer state is not part of the model.
    TensorFile params;
    for (auto &[name, t] : file.tensors)
      if (!isTrainingState(name))
        params.tensors[name] = t;
    if (!applyWeights(*module, params, path, error))
      fail(error, ErrorKind::Train);
  }

  if (!checkSslLayers(*module, pass, error))
    fail(error);
  // The epoch log reports the norms of every depth_bn group.
  if (auto entry = module->lookupSymbol<func::FuncOp>("main"))
    for (const DepthBnGroup &g : findDepthBnGroups(entry))
      train.blocks.push_back({g.layer, g.weight, g.gamma, g.beta});

  PassManager pm(&ctx);
  pm.addPass(createDeriveTrainStepPass(pass));
  if (failed(pm.run(*module)))
    call.fail(ErrorKind::Train,
              options.at("model") + ": the train step cannot be derived");
  codegen::TrainStepOptions compile;
  compile.threads = static_cast<int>(threads);
  auto compileStart = std::chrono::steady_clock::now();
  auto step = codegen::TrainStep::compile(*module, compile);
  if (failed(step))
    call.fail(ErrorKind::Train,
              options.at("model") + ": the train step does not compile");
  log << "compiled the train step (" << (*step)->stepPipelineCount()
            << ((*step)->stepPipelineCount() == 1 ? " pipeline" : " pipelines")
            << ") and the inference function in "
            << llvm::formatv("{0:f1}", std::chrono::duration<double>(
                                           std::chrono::steady_clock::now() -
                                           compileStart)
                                           .count())
                   .str()
            << " s\n";

  Trainer trainer(**step, trainSet, testSet, train);
  if (r.has("resume") && !trainer.resume(options.at("resume"), error))
    fail(error, ErrorKind::Train);
  const std::string curveCsv = api::curvePath(out, ".curve.csv"),
                    curveSvg = api::curvePath(out, ".curve.svg");
  api::TrainingCurve curve;
  if (r.has("resume"))
    curve = earlierCurve(out, options.at("resume"), trainer.epoch(), log);
  const std::string title =
      "Training curve: " + options.at("model") + " on " + spec;
  double testError = -1;
  bool firstEpoch = true;
  std::string curveError;
  if (!trainer.run(log, error, [&](const EpochReport &report) {
        testError = report.testError;
        // The earlier rows belong to this run only if they count the same
        // layers.
        if (firstEpoch && !curve.rows.empty() &&
            curve.columns != api::TrainingCurve::columnsOf(report)) {
          log << "note: the earlier curve's columns differ from this "
                 "model's; "
              << curveCsv << " starts at epoch " << report.epoch << "\n";
          curve = api::TrainingCurve();
        }
        firstEpoch = false;
        curve.add(report);
        // Rewritten each epoch beside the checkpoint, so that an
        // interrupted run keeps its curve up to its last checkpoint. The
        // trainer cannot be stopped from here (nor an exception thrown
        // through it): a failure is reported once the run ends.
        if (curveError.empty() &&
            (!writeFileAtomically(curveCsv, curve.csv(), curveError) ||
             !writeFileAtomically(curveSvg, api::trainingCurveSvg(curve, title),
                                  curveError)))
          log << "the training curve is not written: " << curveError << "\n";
      }))
    fail(error, ErrorKind::Train);
  if (!curveError.empty())
    fail(curveError, ErrorKind::Train);

  TensorFile result;
  for (const auto &[name, t] : initial.tensors)
    result.tensors[name] = trainer.state().at(name);
  result.metadata["format"] = "sslc-parameters";
  result.metadata["model"] = options.at("model");
  result.metadata["dataset"] = spec;
  result.metadata["epochs"] = std::to_string(trainer.epoch());
  if (testError >= 0)
    result.metadata["test_error"] = llvm::formatv("{0:f4}", testError).str();
  if (!writeSafetensors(out, result, error))
    fail(error, ErrorKind::Train);
  log << "wrote " << out << " (" << result.tensors.size()
      << " parameters), checkpoint " << train.checkpointPath;
  if (!curve.rows.empty())
    log << " and the training curve " << curveCsv << ", " << curveSvg;
  log << "\n";
}

} // namespace sslc
