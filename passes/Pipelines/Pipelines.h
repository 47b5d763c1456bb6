//===- Pipelines.h - the sslc pass pipelines --------------------*- C++ -*-===//
//
// Pipelines are plain functions over option structs so that the driver, the
// C++ API and ssl-opt (through registered pipelines) run the same passes.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_PIPELINES_PIPELINES_H
#define SSLC_PASSES_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <optional>
#include <string>

namespace sslc {

/// The stages a model goes through, in order; `--compile-to` stops after one.
enum class Phase { Import, Train, Prune, Fuse, Halide };

std::optional<Phase> parsePhase(llvm::StringRef name);
llvm::StringRef phaseName(Phase phase);

struct InferencePipelineOptions {
  /// Function lowered to the Halide pipeline.
  std::string entry = "main";
};

/// Model IR (or pruned IR) -> Inference IR, checked against its contract.
void buildInferencePipeline(mlir::OpPassManager &pm,
                            const InferencePipelineOptions &options);

struct PruningPipelineOptions {
  /// Fold batch norm into the preceding layers first.
  bool foldBatchNorm = true;
  /// Turn convs with zero filter-shape columns into shape-pruned convs.
  bool shapes = true;
};

/// Trained Model IR -> Pruned IR: every removable all-zero group deleted,
/// same function.
void buildPruningPipeline(mlir::OpPassManager &pm,
                          const PruningPipelineOptions &options);

/// Makes the pipelines above available to ssl-opt by name.
void registerPipelines();

} // namespace sslc

#endif
