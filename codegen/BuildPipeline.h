//===- BuildPipeline.h - lowering + schedule, shared by JIT and AOT -*- C++ -*-===//
#ifndef SSLC_CODEGEN_BUILDPIPELINE_H
#define SSLC_CODEGEN_BUILDPIPELINE_H

#include "codegen/Codegen.h"
#include "codegen/Lowering.h"

namespace sslc::codegen {

/// One pipeline of a split network and the buffers it fills.
struct PipelineSegment {
  Halide::Pipeline pipeline;
  /// Indices into LoweredNetwork::outputs and ::intermediates.
  std::vector<int> outputs, intermediates;
};

struct BuiltPipeline {
  LoweredNetwork net;
  Halide::Target target;
  /// The whole network as one pipeline, unless it was split.
  Halide::Pipeline pipeline;
  /// A split network: its pipelines in the order they run, and a buffer
  /// per intermediate, allocated once and bound to the intermediate's
  /// input of the segments that read it.
  std::vector<PipelineSegment> segments;
  std::vector<Halide::Buffer<void>> intermediateBuffers;

  int pipelineCount() const {
    return segments.empty() ? 1 : static_cast<int>(segments.size());
  }
  void compileJit(const Halide::Target &jitTarget);
  /// Runs the network into `outputs` (one per LoweredNetwork::outputs).
  void realize(Halide::JITUserContext *context,
               const std::vector<Halide::Buffer<void>> &outputs,
               const Halide::Target &jitTarget);
};

/// Lowers `options.entry`, applies the target's schedule and wraps the
/// outputs in a Pipeline. Errors (including Halide's) become diagnostics.
mlir::FailureOr<BuiltPipeline> buildPipeline(mlir::ModuleOp module,
                                             const CompileOptions &options,
                                             bool forJit = false);

/// Halide extents of a row-major shape (innermost first).
inline std::vector<int> halideExtents(const std::vector<int64_t> &shape) {
  return std::vector<int>(shape.rbegin(), shape.rend());
}

/// A Halide buffer over the storage of `t` (no copy).
inline Halide::Buffer<float> tensorView(const Tensor &t) {
  return Halide::Buffer<float>(const_cast<float *>(t.data.data()),
                               halideExtents(t.shape));
}

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
