//===- CompileCache.h - compiled networks kept on disk between runs -*- C++ -*-===//
//
// A JIT user waits for Halide before the first result: seconds for a
// ResNet-18, tens of seconds for deeper networks. The cache keeps what that
// wait produced. On a miss the network's pipelines are compiled ahead of
// time (objects with a user context and no runtime, several processes at
// once), linked with one Halide runtime into `DIR/KEY/network.so`, and
// loaded; on a hit the library is loaded and nothing is compiled. The
// weights and every other constant buffer the code reads are arguments of
// the compiled pipelines, not data inside them: they are written to
// `DIR/KEY/weights.bin` and mapped from it when the entry is loaded (an
// embedded 46 MB of ResNet-18 weights cost LLVM and the linker more time
// than a third of the network's code). Either way the code runs through the
// caller's RunContext: its buffer pool, its threads, its error record.
//
// The key covers everything the code depends on: the Inference IR's
// bytecode (weights included), the resolved target, the options that shape
// the pipelines, the sslc and Halide versions and the identity (path, size,
// modification time) of the binary holding the compiler, so a rebuilt sslc
// never loads code an older one compiled.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_COMPILECACHE_H
#define SSLC_CODEGEN_COMPILECACHE_H

#include "codegen/BuildPipeline.h"
#include "codegen/RunContext.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sslc::codegen {

/// Entries are evicted oldest first (by last use) once the cache holds more
/// than this; SSLC_CACHE_MAX_MB overrides it.
constexpr uint64_t kDefaultCacheBytes = uint64_t(4) << 30;

/// The cache directory a user gets by default: $SSLC_CACHE_DIR, else
/// $XDG_CACHE_HOME/sslc/compiled, else ~/.cache/sslc/compiled; "" when the
/// cache is turned off (SSLC_CACHE=off or 0) or no home is known.
std::string defaultCacheDir();

/// Whether the cache can hold code for `target`: CPU targets only (device
/// code stays with the JIT, which manages its buffers' device copies).
bool cacheableTarget(const Halide::Target &target);

/// The key (64 hex digits) of `module` compiled with `options` for
/// `target`.
std::string compileCacheKey(mlir::ModuleOp module,
                            const CompileOptions &options,
                            const Halide::Target &target);

/// A network loaded from the cache: runs without any Halide compilation.
class CachedNetwork {
public:
  /// Loads entry `key` of `dir`. Null when there is none (`error` empty) or
  /// it cannot be used (`error` says why; the caller recompiles).
  static std::unique_ptr<CachedNetwork>
  load(const std::string &dir, const std::string &key, std::string &error);
  /// Compiles `built` ahead of time into entry `key` of `dir` (its
  /// pipelines on up to `threads` threads) and loads it. Null on failure,
  /// with the reason in `error`. Never leaves a partial entry: the entry
  /// appears whole or not at all.
  static std::unique_ptr<CachedNetwork>
  store(BuiltPipeline &built, const std::string &dir, const std::string &key,
        int threads, std::string &error);
  ~CachedNetwork();

  const std::vector<std::vector<int64_t>> &inputShapes() const {
    return inputs;
  }
  const std::vector<std::vector<int64_t>> &outputShapes() const {
    return outputs;
  }
  int pipelineCount() const { return static_cast<int>(segments.size()); }

  /// Runs on the caller's buffers (shapes as inputShapes()/outputShapes())
  /// with `context`'s allocator and threads. Halide errors go to `error`.
  bool run(RunContext &context, const float *const *inputData,
           float *const *outputData, std::string &error);

private:
  CachedNetwork() = default;

  struct Argument {
    enum Kind { Input, Output, Intermediate, Constant } kind;
    int index;
  };
  /// weights.bin mapped read-only; the constant buffers point into it.
  struct Mapping {
    void *base = nullptr;
    size_t size = 0;
    ~Mapping();
  };
  struct Segment {
    std::string name;
    int (*entry)(void **) = nullptr;
    std::vector<Argument> arguments;
  };
  std::vector<std::vector<int64_t>> inputs, outputs;
  std::vector<Halide::Runtime::Buffer<void>> intermediates;
  Mapping constantData;
  std::vector<Halide::Runtime::Buffer<void>> constants;
  std::vector<Segment> segments;
  RunContext::ParallelFor defaultParallelFor = nullptr;
};

} // namespace sslc::codegen

#endif
