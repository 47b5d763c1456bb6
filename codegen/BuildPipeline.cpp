//===- BuildPipeline.cpp - lowering + schedule ----------------------------===//
#include "codegen/BuildPipeline.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "codegen/Schedules/Schedules.h"
#include "codegen/Target.h"

#include <algorithm>
#include <thread>

using namespace mlir;

namespace sslc::codegen {

FailureOr<BuiltPipeline> buildPipeline(ModuleOp module,
                                       const CompileOptions &options,
                                       bool forJit) {
  auto fn = module.lookupSymbol<func::FuncOp>(options.entry);
  if (!fn)
    return module.emitError()
           << "expects an entry function @" << options.entry;
  std::string error;
  std::optional<Halide::Target> target = parseTarget(options.target, error);
  if (!target)
    return module.emitError() << error;

  BuiltPipeline built;
  built.target = *target;
  // JIT and cached code is only ever called by sslc with buffers it
  // allocated itself, never in Halide's bounds-query mode.
  if (forJit)
    built.target = built.target.with_feature(Halide::Target::NoBoundsQuery);
  // Run-time asserts go when the caller asks, except in device code: the
  // checks of the device runtime's results are assertions too.
  if (!options.runtimeAsserts && !built.target.has_gpu_feature())
    built.target = built.target.with_feature(Halide::Target::NoAsserts);
  LogicalResult lowered = catchHalideErrors(fn, "lowering", [&] {
    LoweringOptions lowering;
    lowering.parametersAsInputs = options.parametersAsInputs;
    if (forJit) {
      lowering.outputName = "jit_output";
      lowering.maxStagesPerSegment = options.maxStagesPerPipeline;
      if (lowering.maxStagesPerSegment == 0 && options.splitDeepNetworks) {
        int layers = 0;
        fn.walk([&](Operation *op) {
          layers += isa<ssl::Conv2dOp, ssl::ShapePrunedConv2dOp, ssl::DenseOp>(
              op);
        });
        if (layers > CompileOptions::kDeepNetworkLayers)
          lowering.maxStagesPerSegment =
              CompileOptions::kDeepNetworkStagesPerPipeline;
      }
    }
    FailureOr<LoweredNetwork> lowered = lowerFunction(fn, built.target, lowering);
    if (failed(lowered))
      throw LoweringFailed();
    // With several compile processes and no split asked for, the network
    // is lowered again as a few pipelines per process (lowering costs
    // little next to Halide's compile of the stages): stages differ several
    // times in compile time, so one pipeline per process leaves one process
    // working long after the other, and a pipeline's compile time grows
    // faster than its stages.
    int threads = compileThreadCount(options);
    int stages = static_cast<int>(llvm::count_if(
        lowered->stages,
        [](const Stage &s) { return s.kind != StageKind::Elementwise; }));
    if (forJit && options.maxStagesPerPipeline == 0 && threads > 1 &&
        stages >= 2 * CompileOptions::kMinStagesPerParallelPipeline) {
      int units = threads * CompileOptions::kPipelinesPerCompileProcess;
      int perThread = std::max(CompileOptions::kMinStagesPerSplitPipeline,
                               (stages + units - 1) / units);
      int per = lowering.maxStagesPerSegment > 0
                    ? std::min(lowering.maxStagesPerSegment, perThread)
                    : perThread;
      if (per != lowering.maxStagesPerSegment) {
        lowering.maxStagesPerSegment = per;
        lowered = lowerFunction(fn, built.target, lowering);
        if (failed(lowered))
          throw LoweringFailed();
      }
    }
    built.net = std::move(*lowered);
    applySchedule(built.net, built.target);
    const LoweredNetwork &net = built.net;
    if (net.numSegments == 1) {
      built.pipeline = Halide::Pipeline(net.outputs);
      return;
    }
    for (int s = 0; s < net.numSegments; ++s) {
      PipelineSegment segment;
      std::vector<Halide::Func> funcs;
      for (auto [i, out] : llvm::enumerate(net.outputs))
        if (net.outputSegment[i] == s) {
          segment.outputs.push_back(static_cast<int>(i));
          funcs.push_back(out);
        }
      for (auto [i, inter] : llvm::enumerate(net.intermediates))
        if (inter.segment == s) {
          segment.intermediates.push_back(static_cast<int>(i));
          funcs.push_back(inter.producer);
        }
      if (funcs.empty())
        continue; // nothing of it is read: dead work
      segment.pipeline = Halide::Pipeline(funcs);
      built.segments.push_back(std::move(segment));
    }
    for (const Intermediate &inter : net.intermediates) {
      Halide::Buffer<void> buffer(inter.producer.output_types()[0],
                                  halideExtents(inter.shape));
      Halide::ImageParam param = inter.param;
      param.set(buffer);
      built.intermediateBuffers.push_back(buffer);
    }
  });
  if (failed(lowered))
    return failure();
  return built;
}

int compileThreadCount(const CompileOptions &options) {
  if (options.compileThreads > 0)
    return options.compileThreads;
  unsigned cores = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp(cores, 1u, 16u));
}

void BuiltPipeline::compileJit(const Halide::Target &jitTarget) {
  if (segments.empty())
    pipeline.compile_jit(jitTarget);
  for (PipelineSegment &segment : segments)
    segment.pipeline.compile_jit(jitTarget);
}

void BuiltPipeline::realize(Halide::JITUserContext *context,
                            const std::vector<Halide::Buffer<void>> &outputs,
                            const Halide::Target &jitTarget) {
  if (segments.empty()) {
    std::vector<Halide::Buffer<void>> buffers = outputs;
    Halide::Realization realization(buffers);
    pipeline.realize(context, realization, jitTarget);
    return;
  }
  for (PipelineSegment &segment : segments) {
    std::vector<Halide::Buffer<void>> buffers;
    for (int i : segment.outputs)
      buffers.push_back(outputs[i]);
    for (int i : segment.intermediates)
      buffers.push_back(intermediateBuffers[i]);
    Halide::Realization realization(buffers);
    segment.pipeline.realize(context, realization, jitTarget);
  }
}

mlir::Location halideErrorLocation(Operation *anchor, const LoweredNetwork *net,
                                   llvm::StringRef message) {
  if (!net)
    return anchor->getLoc();
  auto isIdentChar = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  auto namedIn = [&](llvm::StringRef name) {
    for (size_t at = message.find(name); at != llvm::StringRef::npos;
         at = message.find(name, at + 1)) {
      size_t end = at + name.size();
      if ((at == 0 || !isIdentChar(message[at - 1])) &&
          (end == message.size() || !isIdentChar(message[end])))
        return true;
    }
    return false;
  };
  Operation *best = nullptr;
  size_t bestLength = 0;
  for (const auto &[name, op] : net->origins)
    if (op && name.size() > bestLength && namedIn(name)) {
      best = op;
      bestLength = name.size();
    }
  return best ? best->getLoc() : anchor->getLoc();
}

std::string validateTarget(const std::string &target) {
  std::string error;
  if (!parseTarget(target, error))
    return error;
  return "";
}

} // namespace sslc::codegen
