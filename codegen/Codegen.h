//===- Codegen.h - compile Inference IR to native code ----------*- C++ -*-===//
//
// The public face of the Halide backend. One lowering serves both paths:
// `Executable::compile` JIT-compiles in process, `emitAOT` writes a static
// library or object with the weights embedded. This header does not expose
// Halide, so callers build without exceptions; every Halide error becomes an
// MLIR diagnostic (compile time) or an error string (run time).
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_CODEGEN_H
#define SSLC_CODEGEN_CODEGEN_H

#include "runtime/Tensor.h"
#include "runtime/TrainableModel.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <memory>
#include <string>
#include <vector>

namespace sslc::codegen {

struct CompileOptions {
  /// "host", "host-cuda", "host-cuda-cuda_capability_NN", or any Halide
  /// target string.
  std::string target = "host";
  /// Function lowered to the pipeline.
  std::string entry = "main";
  /// Threads for JIT code (the caller plus threads - 1 workers owned by
  /// the Executable); 0 uses Halide's shared pool (one per core).
  int threads = 0;
  /// Parameters become pipeline inputs and ml_program.global_store an
  /// output, instead of parameters being embedded as constants (the form
  /// TrainStep compiles).
  bool parametersAsInputs = false;
  /// JIT only: split the network into pipelines of about this many
  /// scheduled stages, run in order (0: one pipeline). Bounds the compile
  /// time of deep networks, which grows faster than linearly with the
  /// stages of one pipeline.
  int maxStagesPerPipeline = 0;
  /// JIT only, with maxStagesPerPipeline 0: a network of more than
  /// kDeepNetworkLayers convolution and dense layers is split every
  /// kDeepNetworkStagesPerPipeline stages all the same. As one pipeline a
  /// DenseNet-121 is still compiling after 24 minutes on two cores; the
  /// zoo's networks, ResNet-56 included, stay one pipeline (no copies of
  /// stage outputs across cuts in their benchmarks).
  bool splitDeepNetworks = false;
  static constexpr int kDeepNetworkLayers = 64;
  static constexpr int kDeepNetworkStagesPerPipeline = 48;
  /// The compile cache: processes that compile the pipelines of a network
  /// at once (0: one per core). With maxStagesPerPipeline 0 and more than
  /// one, a network of at least 2 * kMinStagesPerParallelPipeline scheduled
  /// stages is split into kPipelinesPerCompileProcess pipelines per process
  /// (of at least kMinStagesPerSplitPipeline stages each), which the
  /// processes take one at a time as they finish the previous one. In-process JIT code is
  /// compiled on one thread whatever this says: Halide's compiler shares
  /// reference-counted IR nodes between pipelines, and two threads
  /// compiling ResNet-18 at once used 2.7x the CPU time of one.
  int compileThreads = 1;
  /// Halide's run-time checks (buffer shapes, accessed regions, failed
  /// allocations) in the generated CPU code. They double ResNet-18's
  /// compile time; a caller that checks every shape itself (the public API)
  /// can leave them out. GPU code always keeps them.
  bool runtimeAsserts = true;
  static constexpr int kMinStagesPerParallelPipeline = 12;
  static constexpr int kPipelinesPerCompileProcess = 3;
  static constexpr int kMinStagesPerSplitPipeline = 6;
};

/// A JIT-compiled network: compile once, run many times.
class Executable {
public:
  /// Lowers and JIT-compiles `entry` of `module`. Errors are emitted as
  /// diagnostics on the module's context.
  static mlir::FailureOr<std::unique_ptr<Executable>>
  compile(mlir::ModuleOp module, const CompileOptions &options);
  ~Executable();

  const std::vector<std::vector<int64_t>> &inputShapes() const;
  const std::vector<std::vector<int64_t>> &outputShapes() const;
  /// Bytes of intermediate buffers held for reuse between runs.
  size_t pooledBytes() const;
  /// Halide pipelines a run executes (more than one when it was split).
  int pipelineCount() const;

  /// Runs the network. Inputs must match `inputShapes()`; outputs are
  /// resized to `outputShapes()` (no reallocation when they already match).
  /// Intermediate buffers are recycled, so after the first run a run
  /// allocates nothing. One Executable runs one call at a time.
  bool run(const std::vector<const Tensor *> &inputs,
           const std::vector<Tensor *> &outputs, std::string &error);

  struct Impl;

private:
  explicit Executable(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

enum class EmitKind {
  /// NAME.a + NAME.h; the Halide runtime is inside the archive.
  StaticLibrary,
  /// NAME.o + NAME.h.
  Object,
};

/// Writes the AOT artefacts for `outPrefix` (a path without extension whose
/// last component is the function name). Files appear only on success.
mlir::LogicalResult emitAOT(mlir::ModuleOp module,
                            const CompileOptions &options, EmitKind kind,
                            const std::string &outPrefix);

/// Checks a target string without compiling anything; empty on success.
std::string validateTarget(const std::string &target);

struct TrainStepOptions {
  /// As CompileOptions::target; training is scheduled for CPU targets.
  std::string target = "host";
  /// The Training IR step (see ssl-derive-train-step) and the inference
  /// function it trains.
  std::string step = "train_step";
  std::string inference = "main";
  /// As CompileOptions::threads.
  int threads = 0;
  /// As CompileOptions::maxStagesPerPipeline, for the step and the
  /// inference function.
  int maxStagesPerPipeline = kTrainStagesPerPipeline;
  static constexpr int kTrainStagesPerPipeline = 48;
};

/// A JIT-compiled train step and the inference function of the same model,
/// both with every parameter, velocity, mask and running statistic as a
/// pipeline input: the updated ones come back as outputs and are swapped
/// into the caller's state, so nothing is recompiled between steps.
class TrainStep : public TrainableModel {
public:
  /// Compiles `options.step` and `options.inference` of `module`. Errors
  /// are emitted as diagnostics on the module's context.
  static mlir::FailureOr<std::unique_ptr<TrainStep>>
  compile(mlir::ModuleOp module, const TrainStepOptions &options);
  ~TrainStep() override;

  const std::vector<int64_t> &batchShape() const override;
  const ModelState &initialState() const override;
  bool step(const Tensor &images, const std::vector<int64_t> &labels,
            float lr, ModelState &state, float &loss,
            std::string &error) override;
  bool infer(const Tensor &images, const ModelState &state, Tensor &scores,
             std::string &error) override;
  /// Halide pipelines the step runs (more than one when it was split).
  int stepPipelineCount() const;

  struct Impl;

private:
  explicit TrainStep(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

} // namespace sslc::codegen

#endif
