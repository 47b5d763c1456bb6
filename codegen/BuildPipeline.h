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

/// Processes compileThreads asks for (0: one per core, at most 16).
int compileThreadCount(const CompileOptions &options);

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

/// Where a Halide error about `net` belongs: the op whose Func or embedded
/// buffer the message names (the longest name found as a whole word), else
/// `anchor`'s location.
mlir::Location halideErrorLocation(mlir::Operation *anchor,
                                   const LoweredNetwork *net,
                                   llvm::StringRef message);

/// Thrown by a lowering that has reported its own diagnostic.
struct LoweringFailed {};

/// Runs `fn`, turning any Halide or standard exception into an error
/// diagnostic at the op of `net` it names, or at `anchor`. Only the
/// location is reported: the op itself (a whole module for a JIT error)
/// is never printed with it.
template <typename Fn>
mlir::LogicalResult catchHalideErrors(mlir::Operation *anchor,
                                      llvm::StringRef what, Fn &&fn,
                                      const LoweredNetwork *net = nullptr) {
  try {
    fn();
    return mlir::success();
  } catch (const LoweringFailed &) {
    return mlir::failure();
  } catch (const Halide::Error &e) {
    return mlir::emitError(halideErrorLocation(anchor, net, e.what()))
           << what << ": Halide error: " << e.what();
  } catch (const std::exception &e) {
    return mlir::emitError(halideErrorLocation(anchor, net, e.what()))
           << what << ": " << e.what();
  }
}

} // namespace sslc::codegen

#endif
