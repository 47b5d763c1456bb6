//===- RunContext.h - per-executable allocation and threading ---*- C++ -*-===//
//
// JIT code calls back into the runtime for heap memory and parallel loops.
// An Executable routes those calls here, through a JITUserContext subclass,
// so that (1) intermediate buffers are recycled across runs — a repeated
// run allocates nothing — and (2) each Executable has its own thread count
// instead of Halide's process-wide pool.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_RUNCONTEXT_H
#define SSLC_CODEGEN_RUNCONTEXT_H

#include "Halide.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sslc::codegen {

/// Memory for Halide's allocator: at least 128-byte aligned, the size
/// rounded up to that alignment (what std::aligned_alloc requires).
void *alignedForHalide(size_t size);

/// Blocks freed by one run, handed out again by size on the next.
class BufferPool {
public:
  ~BufferPool();
  void *allocate(size_t size);
  void release(void *ptr);
  /// Bytes obtained from the system so far.
  size_t reservedBytes() const { return reserved; }
  /// Bytes handed out and not yet released.
  size_t inUseBytes() const { return inUse; }

private:
  std::mutex mutex;
  std::map<void *, size_t> sizes;
  std::multimap<size_t, void *> free;
  size_t reserved = 0;
  size_t inUse = 0;
};

/// A fixed set of worker threads that run Halide's parallel loops; the
/// calling thread takes part, so `threads` is the total parallelism.
/// Workers spin briefly between jobs before sleeping: a network issues one
/// parallel loop per layer, and waking a sleeping thread costs more than a
/// small layer.
class ThreadPool {
public:
  explicit ThreadPool(int threads);
  ~ThreadPool();
  using Task = int (*)(Halide::JITUserContext *, int, uint8_t *);
  int parallelFor(Halide::JITUserContext *ctx, Task task, int min, int extent,
                  uint8_t *closure);
  int threads() const { return static_cast<int>(workers.size()) + 1; }

private:
  void workerLoop();
  void runJob();

  std::vector<std::thread> workers;
  std::mutex mutex;
  std::condition_variable wake;
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> generation{0};
  std::atomic<int> sleepers{0};
  /// Workers done with the current job; the caller waits for all of them
  /// so that no worker can see a half-replaced job.
  std::atomic<size_t> finished{0};
  // The current job, written only while every worker is idle.
  Halide::JITUserContext *jobCtx = nullptr;
  Task jobTask = nullptr;
  uint8_t *jobClosure = nullptr;
  int jobEnd = 0;
  std::atomic<int> next{0};
  std::atomic<int> status{0};
};

/// The context passed to every realize of one Executable, and the user
/// context of cached AOT code (CompileCache.h), whose runtime calls the
/// same pool and threads through handlers that read it.
struct RunContext : Halide::JITUserContext {
  BufferPool *pool = nullptr;
  ThreadPool *threads = nullptr;

  /// AOT code only: the runtime's own parallel loop, used when `threads`
  /// is null.
  using ParallelFor = int (*)(void *, halide_task_t, int, int, uint8_t *);
  ParallelFor fallbackParallelFor = nullptr;

  /// Installs the handlers; `threads` may be null (Halide's own pool).
  /// Halide's error handler records into this context instead of throwing
  /// from inside generated code; every run ends by taking the record
  /// (failureAfterRun or takeErrors), so it is empty between runs. JIT code
  /// and cached AOT code share it.
  void install(BufferPool *pool, ThreadPool *threads);

  /// Appends one message of Halide's error handler (trailing newlines
  /// dropped); safe from the threads of a parallel loop.
  void recordError(const char *message);
  /// The messages recorded since the last call, one per line; clears them.
  std::string takeErrors();
  /// After a realize: "Halide error: " and the recorded messages, else
  /// `thrown` (what a Halide exception said, if one came); "" when neither.
  /// Clears the record.
  std::string failureAfterRun(const std::string &thrown);

private:
  std::mutex errorMutex;
  std::string errors;
};

} // namespace sslc::codegen

#endif
