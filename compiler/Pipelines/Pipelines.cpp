//===- Pipelines.cpp - the sslc pass pipelines ---------------------------===//
#include "compiler/Pipelines/Pipelines.h"
#include "passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace sslc {

std::optional<Phase> parsePhase(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<Phase>>(name)
      .Case("import", Phase::Import)
      .Case("train", Phase::Train)
      .Case("prune", Phase::Prune)
      .Case("fuse", Phase::Fuse)
      .Case("halide", Phase::Halide)
      .Default(std::nullopt);
}

llvm::StringRef phaseName(Phase phase) {
  switch (phase) {
  case Phase::Import:
    return "import";
  case Phase::Train:
    return "train";
  case Phase::Prune:
    return "prune";
  case Phase::Fuse:
    return "fuse";
  case Phase::Halide:
    return "halide";
  }
  return "unknown";
}

void buildInferencePipeline(OpPassManager &pm,
                            const InferencePipelineOptions &options) {
  // Dead parameter loads and unused ops would otherwise reach codegen.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Codegen relies on the contract instead of re-checking every op.
  VerifyInferenceContractPassOptions verify;
  verify.entry = options.entry;
  pm.addPass(createVerifyInferenceContractPass(verify));
}

namespace {
struct InferencePipelineCLOptions
    : public PassPipelineOptions<InferencePipelineCLOptions> {
  Option<std::string> entry{*this, "entry",
                            llvm::cl::desc("Function lowered to Halide"),
                            llvm::cl::init("main")};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<InferencePipelineCLOptions>(
      "ssl-inference", "Model IR to checked Inference IR",
      [](OpPassManager &pm, const InferencePipelineCLOptions &cl) {
        InferencePipelineOptions options;
        options.entry = cl.entry;
        buildInferencePipeline(pm, options);
      });
}

} // namespace sslc
