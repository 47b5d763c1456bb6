//===- Pipelines.cpp - the sslc pass pipelines ---------------------------===//
#include "passes/Pipelines/Pipelines.h"
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
  // A trained module carries its train_step and training-only ops.
  StripTrainingOpsPassOptions strip;
  strip.entry = options.entry;
  pm.addPass(createStripTrainingOpsPass(strip));
  // Dead parameter loads and unused ops would otherwise reach codegen.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // Codegen relies on the contract instead of re-checking every op.
  VerifyInferenceContractPassOptions verify;
  verify.entry = options.entry;
  pm.addPass(createVerifyInferenceContractPass(verify));
}

void buildPruningPipeline(OpPassManager &pm,
                          const PruningPipelineOptions &options) {
  // BN first: a zero filter's constant output includes the BN shift.
  if (options.foldBatchNorm)
    pm.addPass(createFoldBatchNormPass());
  // Layers fed only by constants (after a zeroed residual layer) become
  // compile-time tensors; the dead layers before them lose their users.
  pm.addPass(createFoldZeroDepthPass());
  pm.addPass(createCanonicalizerPass());
  // Constant channels, then channels nobody reads (which removing the
  // constants may have created), then the taps left inside live filters.
  pm.addPass(createRemoveZeroFiltersPass());
  pm.addPass(createRemoveZeroChannelsPass());
  if (options.shapes)
    pm.addPass(createRemoveZeroShapesPass());
  // Parameters that lost their last load.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createSymbolDCEPass());
}

namespace {
struct PruningPipelineCLOptions
    : public PassPipelineOptions<PruningPipelineCLOptions> {
  Option<bool> foldBatchNorm{*this, "fold-batchnorm",
                             llvm::cl::desc("Fold batch norm first"),
                             llvm::cl::init(true)};
  Option<bool> shapes{*this, "shapes",
                      llvm::cl::desc("Create shape-pruned convs"),
                      llvm::cl::init(true)};
};

struct InferencePipelineCLOptions
    : public PassPipelineOptions<InferencePipelineCLOptions> {
  Option<std::string> entry{*this, "entry",
                            llvm::cl::desc("Function lowered to Halide"),
                            llvm::cl::init("main")};
};
} // namespace

void registerPipelines() {
  PassPipelineRegistration<PruningPipelineCLOptions>(
      "ssl-prune", "Delete every removable all-zero group (same function)",
      [](OpPassManager &pm, const PruningPipelineCLOptions &cl) {
        PruningPipelineOptions options;
        options.foldBatchNorm = cl.foldBatchNorm;
        options.shapes = cl.shapes;
        buildPruningPipeline(pm, options);
      });
  PassPipelineRegistration<InferencePipelineCLOptions>(
      "ssl-inference", "Model IR to checked Inference IR",
      [](OpPassManager &pm, const InferencePipelineCLOptions &cl) {
        InferencePipelineOptions options;
        options.entry = cl.entry;
        buildInferencePipeline(pm, options);
      });
}

} // namespace sslc
