//===- BuildPipeline.cpp - lowering + schedule ----------------------------===//
#include "codegen/BuildPipeline.h"
#include "codegen/Schedules/Schedules.h"
#include "codegen/Target.h"

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
  LogicalResult lowered = catchHalideErrors(fn, "lowering", [&] {
    LoweringOptions lowering;
    lowering.parametersAsInputs = options.parametersAsInputs;
    if (forJit)
      lowering.outputName = "jit_output";
    FailureOr<LoweredNetwork> net = lowerFunction(fn, built.target, lowering);
    if (failed(net))
      throw std::runtime_error("lowering failed");
    built.net = std::move(*net);
    applySchedule(built.net, built.target);
    built.pipeline = Halide::Pipeline(built.net.outputs);
  });
  if (failed(lowered))
    return failure();
  return built;
}

std::string validateTarget(const std::string &target) {
  std::string error;
  if (!parseTarget(target, error))
    return error;
  return "";
}

} // namespace sslc::codegen
