//===- train_bench.cpp - sslc train-step throughput vs PyTorch
//-------------===//
//
// Times whole SGD train steps (forward, softmax cross-entropy, group-Lasso
// terms, backward, SGD-momentum update) of zoo networks compiled exactly as
// `sslc train` compiles them (zoo model -> ssl-derive-train-step ->
// codegen::TrainStep with T threads -> TrainStep::step), and the same
// networks in PyTorch (bench/torch_train_step.py, run as a subprocess in the
// same run), and prints images per second and the ratio sslc/PyTorch.
//
// usage: train_bench [--networks lenet,lenet-ssl[,mlp]] [--threads 1,2]
//                    [--batch 64] [--steps 20] [--reps 5] [--warmup 3]
//                    [--ssl filter=L,channel=L,shape=L] [--seed 1]
//                    [--python PATH] [--no-torch] [--fc-as-conv] [--json]
//                    [--target T]
//
// --target compiles the step for a Halide target other than `host`:
// `host-profile` prints Halide's profile of the step's stages (time and
// allocations per Func, over every step run) when the program ends.
//
// Both sides: batch 64, lr 0.01, momentum 0.9, weight decay 5e-4, seeded
// random MNIST-shaped batches made before timing (no data loading), a few
// warm-up steps, then the median over --reps runs of --steps steps.
// `lenet-ssl` adds group-Lasso terms (filter, channel and shape groups of
// both convolutions) to the loss; PyTorch adds the same penalty through
// autograd. Differences that remain: sslc writes SGD in Caffe's form
// (v = m·v + lr·g; same arithmetic at a fixed lr) and zeroes weights below
// 1e-4 after each update, as `sslc train` does.
//
// Caveat on the peer: Debian's PyTorch 1.13 (python3-torch) runs torch.mm
// and nn.Linear on a reference BLAS (about 3 GFLOP/s; see
// ../shared/PERF-NOTES.md), and LeNet's fully connected layers hold most of
// its multiply-adds, so PyTorch's LeNet step is slower here than with an
// optimized BLAS. The issue defines PyTorch as installed as the peer;
// --fc-as-conv also times PyTorch with its Linear layers written as
// convolutions (oneDNN), the fairer number.
//
// python3 is looked up on PATH: the first python3 there that imports torch
// runs the peer (--python picks one); without one the sslc numbers are
// still printed.
//
//===----------------------------------------------------------------------===//
#include "codegen/Codegen.h"
#include "frontends/ModelLoader.h"
#include "passes/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace mlir;

namespace {

const char *const kNetworks[] = {"lenet", "lenet-ssl", "mlp"};

struct Options {
  std::vector<std::string> networks = {"lenet", "lenet-ssl"};
  std::vector<int> threads = {1, 2};
  int batch = 64, steps = 20, reps = 5, warmup = 3, seed = 1;
  // The λ of docs/results.md's LeNet SSL run, on the groups the issue names.
  std::string ssl = "filter=0.003,channel=0.003,shape=0.003";
  std::string python, target = "host";
  bool torch = true, fcAsConv = false, json = false;
};

// The hyperparameters of both sides (Caffe's LeNet solver).
const double kLr = 0.01, kMomentum = 0.9, kWeightDecay = 5e-4;

int usageError(const std::string &message) {
  std::cerr << "train_bench: error: " << message << "\n"
            << "usage: train_bench [--networks lenet,lenet-ssl,mlp] "
               "[--threads 1,2] [--batch 64] [--steps 20] [--reps 5] "
               "[--warmup 3] [--ssl filter=L,channel=L,shape=L] [--seed 1] "
               "[--python PATH] [--no-torch] [--fc-as-conv] [--json] "
               "[--target T]\n";
  return 2;
}

bool parseInt(const std::string &text, int min, int &out) {
  long long v;
  if (llvm::StringRef(text).getAsInteger(10, v) || v < min || v > (1 << 20))
    return false;
  out = static_cast<int>(v);
  return true;
}

/// Fills `o` from argv; returns an error message, empty on success.
std::string parseOptions(int argc, char **argv, Options &o) {
  const std::set<std::string> valued = {"--networks", "--threads", "--batch",
                                        "--steps",    "--reps",    "--warmup",
                                        "--ssl",      "--seed",    "--python",
                                        "--target"};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], value;
    if (arg == "--no-torch") {
      o.torch = false;
      continue;
    }
    if (arg == "--fc-as-conv") {
      o.fcAsConv = true;
      continue;
    }
    if (arg == "--json") {
      o.json = true;
      continue;
    }
    if (size_t eq = arg.find('='); eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      if (!valued.count(arg))
        return "unknown option '" + arg + "'";
    } else if (valued.count(arg)) {
      if (i + 1 == argc)
        return "option '" + arg + "' expects a value";
      value = argv[++i];
    } else {
      return "unknown option '" + arg + "'";
    }
    auto integer = [&](int min, int &out) -> std::string {
      return parseInt(value, min, out)
                 ? ""
                 : "option '" + arg +
                       "' expects an integer >= " + std::to_string(min) +
                       ", got '" + value + "'";
    };
    std::string error;
    if (arg == "--batch")
      error = integer(1, o.batch);
    else if (arg == "--steps")
      error = integer(1, o.steps);
    else if (arg == "--reps")
      error = integer(1, o.reps);
    else if (arg == "--warmup")
      error = integer(0, o.warmup);
    else if (arg == "--seed")
      error = integer(0, o.seed);
    else if (arg == "--python")
      o.python = value;
    else if (arg == "--target")
      o.target = value;
    else if (arg == "--ssl")
      o.ssl = value;
    else if (arg == "--threads") {
      o.threads.clear();
      llvm::SmallVector<llvm::StringRef> items;
      llvm::StringRef(value).split(items, ',', -1, false);
      for (llvm::StringRef item : items) {
        int t;
        if (!parseInt(item.trim().str(), 1, t))
          return "option '--threads' expects integers >= 1 separated by "
                 "commas, got '" +
                 value + "'";
        o.threads.push_back(t);
      }
      if (o.threads.empty())
        return "option '--threads' expects at least one thread count";
    } else if (arg == "--networks") {
      o.networks.clear();
      llvm::SmallVector<llvm::StringRef> items;
      llvm::StringRef(value).split(items, ',', -1, false);
      for (llvm::StringRef item : items) {
        std::string name = item.trim().str();
        if (std::find(std::begin(kNetworks), std::end(kNetworks), name) ==
            std::end(kNetworks))
          return "option '--networks': unknown network '" + name +
                 "' (expected lenet, lenet-ssl or mlp)";
        o.networks.push_back(name);
      }
      if (o.networks.empty())
        return "option '--networks' expects at least one network";
    }
    if (!error.empty())
      return error;
  }
  return "";
}

/// --ssl KIND=λ,...: the group-Lasso options of the train-step pass. Only
/// the convolution groups PyTorch's script also knows.
std::string parseSsl(const std::string &text,
                     sslc::DeriveTrainStepPassOptions &pass) {
  std::map<std::string, float *> kinds = {{"filter", &pass.filterLambda},
                                          {"channel", &pass.channelLambda},
                                          {"shape", &pass.shapeLambda}};
  llvm::SmallVector<llvm::StringRef> items;
  llvm::StringRef(text).split(items, ',', -1, false);
  for (llvm::StringRef item : items) {
    auto [kind, value] = item.split('=');
    auto it = kinds.find(kind.trim().str());
    double lambda;
    if (it == kinds.end() || value.trim().getAsDouble(lambda) ||
        !std::isfinite(lambda) || lambda < 0)
      return "option '--ssl' expects KIND=LAMBDA[,...] with KIND filter, "
             "channel or shape and LAMBDA >= 0, got '" +
             item.str() + "'";
    *it->second = static_cast<float>(lambda);
  }
  if (items.empty())
    return "option '--ssl' expects KIND=LAMBDA[,...]";
  return "";
}

std::string shellQuote(const std::string &s) {
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

/// Runs `command` through the shell; returns its stdout and exit status
/// (-1 when it could not be started or did not exit normally).
std::pair<std::string, int> capture(const std::string &command) {
  std::string out;
  FILE *pipe = ::popen(command.c_str(), "r");
  if (!pipe)
    return {out, -1};
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    out.append(buffer, n);
  int status = ::pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/// The first python3 on PATH (or `explicitPath`) that imports torch, with
/// torch's version; nullopt and the reason when there is none.
std::optional<std::pair<std::string, std::string>>
findTorchPython(const std::string &explicitPath, std::string &why) {
  std::vector<std::string> candidates;
  if (!explicitPath.empty()) {
    candidates.push_back(explicitPath);
  } else if (const char *path = std::getenv("PATH")) {
    llvm::SmallVector<llvm::StringRef> dirs;
    llvm::StringRef(path).split(dirs, ':', -1, false);
    std::set<std::string> seen;
    for (llvm::StringRef dir : dirs) {
      std::string file = (dir + "/python3").str();
      if (::access(file.c_str(), X_OK) != 0)
        continue;
      char resolved[PATH_MAX];
      std::string key = ::realpath(file.c_str(), resolved) ? resolved : file;
      // pyenv shims resolve to a script per directory; keep them apart.
      if (seen.insert(key).second)
        candidates.push_back(file);
    }
  }
  if (candidates.empty()) {
    why = "no python3 on PATH";
    return std::nullopt;
  }
  why = "no python3 on PATH imports torch (tried";
  for (const std::string &python : candidates) {
    auto [out, rc] =
        capture(shellQuote(python) +
                " -c 'import torch; print(torch.__version__)' 2>/dev/null");
    if (rc == 0)
      return std::make_pair(python, llvm::StringRef(out).trim().str());
    why += " " + python;
  }
  why += ")";
  return std::nullopt;
}

struct TorchRow {
  double imgPerS = 0, fcAsConvImgPerS = 0;
};

/// Runs the PyTorch script for `network` at every thread count; the rows by
/// thread count, or an error.
bool runTorch(const Options &o, const std::string &python,
              const std::string &network, std::map<int, TorchRow> &rows,
              std::string &error) {
  std::string threads;
  for (int t : o.threads)
    threads += (threads.empty() ? "" : ",") + std::to_string(t);
  std::ostringstream cmd;
  cmd << shellQuote(python) << " "
      << shellQuote(std::string(SSLC_BENCH_DIR) + "/torch_train_step.py")
      << " --networks " << network << " --threads " << threads << " --batch "
      << o.batch << " --steps " << o.steps << " --reps " << o.reps
      << " --warmup " << o.warmup << " --seed " << o.seed << " --lr " << kLr
      << " --ssl " << shellQuote(o.ssl) << (o.fcAsConv ? " --fc-as-conv" : "");
  auto [out, rc] = capture(cmd.str());
  if (rc != 0) {
    error = "torch_train_step.py exited with status " + std::to_string(rc);
    return false;
  }
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(out).split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    if (!line.consume_front("TORCH_TRAIN_STEP "))
      continue;
    llvm::Expected<llvm::json::Value> value = llvm::json::parse(line);
    if (!value) {
      error = "torch_train_step.py: unreadable line: " +
              llvm::toString(value.takeError());
      return false;
    }
    const llvm::json::Object *obj = value->getAsObject();
    std::optional<int64_t> t = obj ? obj->getInteger("threads") : std::nullopt;
    std::optional<double> rate =
        obj ? obj->getNumber("img_per_s") : std::nullopt;
    if (!t || !rate) {
      error = "torch_train_step.py: unexpected line: " + line.str();
      return false;
    }
    std::optional<bool> fc = obj->getBoolean("fc_as_conv");
    (fc && *fc ? rows[*t].fcAsConvImgPerS : rows[*t].imgPerS) = *rate;
  }
  return true;
}

/// Random MNIST-shaped batches in [0, 1) with labels in [0, 10).
struct Batches {
  std::vector<sslc::Tensor> images;
  std::vector<std::vector<int64_t>> labels;
};

Batches makeBatches(const std::vector<int64_t> &shape, int seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> pixel(0.0f, 1.0f);
  std::uniform_int_distribution<int64_t> label(0, 9);
  Batches b;
  for (int i = 0; i < 4; ++i) {
    sslc::Tensor t(shape);
    for (float &x : t.data)
      x = pixel(rng);
    std::vector<int64_t> l(shape[0]);
    for (int64_t &x : l)
      x = label(rng);
    b.images.push_back(std::move(t));
    b.labels.push_back(std::move(l));
  }
  return b;
}

struct SslcRow {
  double imgPerS = 0, compileS = 0;
};

/// Compiles the step of `module` for `threads` and times it.
bool timeSslc(ModuleOp module, const Options &o, int threads, SslcRow &row,
              std::string &error) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  sslc::codegen::TrainStepOptions compile;
  compile.threads = threads;
  compile.target = o.target;
  Clock::time_point start = Clock::now();
  auto step = sslc::codegen::TrainStep::compile(module, compile);
  if (failed(step)) {
    error = "compiling the train step failed (see the diagnostics above)";
    return false;
  }
  row.compileS = seconds(start, Clock::now());
  Batches data = makeBatches((*step)->batchShape(), o.seed);
  sslc::ModelState state = (*step)->initialState();
  float loss = 0;
  auto run = [&](int i) {
    size_t k = static_cast<size_t>(i) % data.images.size();
    return (*step)->step(data.images[k], data.labels[k], float(kLr), state,
                         loss, error);
  };
  for (int i = 0; i < o.warmup; ++i)
    if (!run(i))
      return false;
  std::vector<double> rates;
  for (int r = 0; r < o.reps; ++r) {
    start = Clock::now();
    for (int i = 0; i < o.steps; ++i)
      if (!run(i))
        return false;
    rates.push_back(double(o.batch) * o.steps / seconds(start, Clock::now()));
  }
  if (!std::isfinite(loss)) {
    error = "the loss is not finite after training";
    return false;
  }
  std::sort(rates.begin(), rates.end());
  size_t n = rates.size();
  row.imgPerS = n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  Options o;
  if (std::string error = parseOptions(argc, argv, o); !error.empty())
    return usageError(error);
  sslc::DeriveTrainStepPassOptions sslPass;
  if (std::string error = parseSsl(o.ssl, sslPass); !error.empty())
    return usageError(error);

  double load[1] = {-1};
  ::getloadavg(load, 1);
  std::optional<std::pair<std::string, std::string>> torch;
  std::string torchWhy = "disabled with --no-torch";
  if (o.torch)
    torch = findTorchPython(o.python, torchWhy);
  if (!o.json) {
    std::printf("train-step throughput: batch %d, median of %d x %d steps "
                "after %d warm-up; SGD lr %g momentum %g weight decay %g\n",
                o.batch, o.reps, o.steps, o.warmup, kLr, kMomentum,
                kWeightDecay);
    std::printf("lenet-ssl: group Lasso %s on conv1, conv2\n", o.ssl.c_str());
    std::printf("load average at start: %.2f\n", load[0]);
    if (torch)
      std::printf("PyTorch peer: %s, torch %s (its nn.Linear runs on a "
                  "reference BLAS: see bench/train_bench.cpp)\n",
                  torch->first.c_str(), torch->second.c_str());
    else
      std::printf("PyTorch peer: not available (install python3-torch: "
                  "scripts/setup.sh --bench): %s\n",
                  torchWhy.c_str());
    std::fflush(stdout);
  } else if (!torch) {
    std::fprintf(stderr,
                 "PyTorch peer: not available (install python3-torch: "
                 "scripts/setup.sh --bench): %s\n",
                 torchWhy.c_str());
  }

  mlir::DialectRegistry registry;
  sslc::registerModelDialects(registry);
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();

  llvm::json::Array rows;
  std::string header = "network      threads   sslc img/s  PyTorch img/s  "
                       "sslc/PyTorch  compile s";
  if (o.fcAsConv)
    header += "  PyTorch fc-as-conv  sslc/that";
  if (!o.json)
    std::printf("\n%s\n", header.c_str());
  for (const std::string &network : o.networks) {
    std::map<int, TorchRow> torchRows;
    if (torch) {
      std::string error;
      if (!runTorch(o, torch->first, network, torchRows, error)) {
        std::fprintf(stderr, "train_bench: PyTorch peer for %s: %s\n",
                     network.c_str(), error.c_str());
        torchRows.clear();
      }
    }

    sslc::ZooOptions zoo;
    zoo.batch = o.batch;
    zoo.seed = static_cast<uint64_t>(o.seed);
    std::string zooName = network == "lenet-ssl" ? "lenet" : network;
    OwningOpRef<ModuleOp> module = sslc::loadModel(&ctx, zooName, zoo);
    if (!module)
      return 1;
    sslc::DeriveTrainStepPassOptions pass;
    if (network == "lenet-ssl")
      pass = sslPass;
    pass.momentum = kMomentum;
    pass.weightDecay = kWeightDecay;
    PassManager pm(&ctx);
    pm.addPass(sslc::createDeriveTrainStepPass(pass));
    if (failed(pm.run(*module)))
      return 1;

    for (int threads : o.threads) {
      SslcRow row;
      std::string error;
      if (!timeSslc(*module, o, threads, row, error)) {
        std::fprintf(stderr, "train_bench: %s, %d threads: %s\n",
                     network.c_str(), threads, error.c_str());
        return 1;
      }
      const TorchRow *peer =
          torchRows.count(threads) ? &torchRows.at(threads) : nullptr;
      llvm::json::Object obj{{"network", network},
                             {"threads", threads},
                             {"sslc_img_per_s", row.imgPerS},
                             {"sslc_compile_s", row.compileS}};
      if (peer && peer->imgPerS > 0) {
        obj["torch_img_per_s"] = peer->imgPerS;
        obj["ratio"] = row.imgPerS / peer->imgPerS;
      }
      if (peer && peer->fcAsConvImgPerS > 0) {
        obj["torch_fc_as_conv_img_per_s"] = peer->fcAsConvImgPerS;
        obj["ratio_fc_as_conv"] = row.imgPerS / peer->fcAsConvImgPerS;
      }
      rows.push_back(std::move(obj));
      if (o.json)
        continue;
      auto cell = [](double v, const char *fmt) {
        char s[32];
        if (v > 0)
          std::snprintf(s, sizeof s, fmt, v);
        else
          std::snprintf(s, sizeof s, "-");
        return std::string(s);
      };
      double t = peer ? peer->imgPerS : 0;
      std::printf("%-12s %7d %12.0f %14s %13s %10.1f", network.c_str(), threads,
                  row.imgPerS, cell(t, "%.0f").c_str(),
                  cell(t > 0 ? row.imgPerS / t : 0, "%.2fx").c_str(),
                  row.compileS);
      if (o.fcAsConv) {
        double f = peer ? peer->fcAsConvImgPerS : 0;
        std::printf(" %19s %10s", cell(f, "%.0f").c_str(),
                    cell(f > 0 ? row.imgPerS / f : 0, "%.2fx").c_str());
      }
      std::printf("\n");
      std::fflush(stdout);
    }
  }

  if (o.json) {
    llvm::json::Object result{{"batch", o.batch},
                              {"steps", o.steps},
                              {"reps", o.reps},
                              {"warmup", o.warmup},
                              {"lr", kLr},
                              {"momentum", kMomentum},
                              {"weight_decay", kWeightDecay},
                              {"ssl", o.ssl},
                              {"load_average", load[0]},
                              {"torch", torch ? llvm::json::Value(torch->second)
                                              : llvm::json::Value(nullptr)},
                              {"rows", std::move(rows)}};
    if (!torch)
      result["torch_unavailable"] = torchWhy;
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(result)))
                 << "\n";
  }
  return 0;
}
