//===- BuildPipeline.h - lowering + schedule, shared by JIT and AOT -*- C++ -*-===//
#ifndef SSLC_CODEGEN_BUILDPIPELINE_H
#define SSLC_CODEGEN_BUILDPIPELINE_H

#include "codegen/Codegen.h"
#include "codegen/Lowering.h"

namespace sslc::codegen {

struct BuiltPipeline {
  LoweredNetwork net;
  Halide::Target target;
  Halide::Pipeline pipeline;
};

/// Lowers `options.entry`, applies the target's schedule and wraps the
/// outputs in a Pipeline. Errors (including Halide's) become diagnostics.
mlir::FailureOr<BuiltPipeline> buildPipeline(mlir::ModuleOp module,
                                             const CompileOptions &options,
                                             bool forJit = false);

/// Runs `fn`, turning any Halide or standard exception into an error
/// diagnostic at `anchor`.
template <typename Fn>
mlir::LogicalResult catchHalideErrors(mlir::Operation *anchor,
                                      llvm::StringRef what, Fn &&fn) {
  try {
    fn();
    return mlir::success();
  } catch (const Halide::Error &e) {
    return anchor->emitError() << what << ": Halide error: " << e.what();
  } catch (const std::exception &e) {
    return anchor->emitError() << what << ": " << e.what();
  }
}

} // namespace sslc::codegen

#endif
