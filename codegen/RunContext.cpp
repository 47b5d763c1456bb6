//===- RunContext.cpp - per-executable allocation and threading -----------===//
#include "codegen/RunContext.h"

#include <cstdlib>

namespace sslc::codegen {

BufferPool::~BufferPool() {
  for (auto &[ptr, size] : sizes)
    std::free(ptr);
}

namespace {
size_t roundedForHalide(size_t size) { return (size + 127) / 128 * 128; }
} // namespace

void *alignedForHalide(size_t size) {
  return std::aligned_alloc(128, roundedForHalide(size));
}

void *BufferPool::allocate(size_t size) {
  size_t rounded = roundedForHalide(size);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = free.find(rounded);
  if (it != free.end()) {
    void *ptr = it->second;
    free.erase(it);
    inUse += rounded;
    return ptr;
  }
  void *ptr = alignedForHalide(rounded);
  if (ptr) {
    sizes[ptr] = rounded;
    reserved += rounded;
    inUse += rounded;
  }
  return ptr;
}

void BufferPool::release(void *ptr) {
  if (!ptr)
    return;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = sizes.find(ptr);
  if (it != sizes.end()) {
    free.emplace(it->second, ptr);
    inUse -= it->second;
  }
}

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i)
    workers.emplace_back([this] { workerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread &t : workers)
    t.join();
}

namespace {
/// Set while a thread runs a task, so nested parallel loops run serially.
thread_local bool insideTask = false;

/// About 50 µs of polling before a worker goes to sleep.
constexpr int kSpinIterations = 20000;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
} // namespace

void ThreadPool::runJob() {
  insideTask = true;
  for (int i = next.fetch_add(1); i < jobEnd; i = next.fetch_add(1)) {
    int rc = jobTask(jobCtx, i, jobClosure);
    if (rc != 0) {
      int expected = 0;
      status.compare_exchange_strong(expected, rc);
    }
  }
  insideTask = false;
}

void ThreadPool::workerLoop() {
  uint64_t seen = 0;
  while (true) {
    int spins = 0;
    while (generation.load() == seen && !stopping.load()) {
      if (++spins < kSpinIterations) {
        cpuRelax();
        continue;
      }
      std::unique_lock<std::mutex> lock(mutex);
      ++sleepers;
      wake.wait(lock, [&] { return stopping.load() || generation.load() != seen; });
      --sleepers;
    }
    if (stopping.load())
      return;
    seen = generation.load();
    runJob();
    finished.fetch_add(1);
  }
}

int ThreadPool::parallelFor(Halide::JITUserContext *ctx, Task task, int min,
                            int extent, uint8_t *closure) {
  if (workers.empty() || insideTask || extent <= 1) {
    for (int i = min; i < min + extent; ++i)
      if (int rc = task(ctx, i, closure))
        return rc;
    return 0;
  }
  jobCtx = ctx;
  jobTask = task;
  jobClosure = closure;
  jobEnd = min + extent;
  next.store(min);
  status.store(0);
  finished.store(0);
  generation.fetch_add(1);
  if (sleepers.load() > 0) {
    std::lock_guard<std::mutex> lock(mutex);
    wake.notify_all();
  }
  runJob();
  while (finished.load() < workers.size())
    cpuRelax();
  return status.load();
}

namespace {
void *poolMalloc(Halide::JITUserContext *ctx, size_t size) {
  return static_cast<RunContext *>(ctx)->pool->allocate(size);
}
void poolFree(Halide::JITUserContext *ctx, void *ptr) {
  static_cast<RunContext *>(ctx)->pool->release(ptr);
}
int poolParallelFor(Halide::JITUserContext *ctx, ThreadPool::Task task,
                    int min, int extent, uint8_t *closure) {
  return static_cast<RunContext *>(ctx)->threads->parallelFor(ctx, task, min,
                                                              extent, closure);
}
void recordingError(Halide::JITUserContext *ctx, const char *message) {
  static_cast<RunContext *>(ctx)->recordError(message);
}
} // namespace

void RunContext::install(BufferPool *p, ThreadPool *t) {
  pool = p;
  threads = t;
  handlers.custom_malloc = poolMalloc;
  handlers.custom_free = poolFree;
  handlers.custom_error = recordingError;
  if (t)
    handlers.custom_do_par_for = poolParallelFor;
}

void RunContext::recordError(const char *message) {
  std::string line(message ? message : "");
  while (!line.empty() && line.back() == '\n')
    line.pop_back();
  std::lock_guard<std::mutex> lock(errorMutex);
  if (!errors.empty())
    errors += "\n";
  errors += line;
}

std::string RunContext::failureAfterRun(const std::string &thrown) {
  std::string recorded = takeErrors();
  if (!recorded.empty())
    return "Halide error: " + recorded;
  if (!thrown.empty())
    return "Halide error: " + thrown;
  return "";
}

std::string RunContext::takeErrors() {
  std::lock_guard<std::mutex> lock(errorMutex);
  std::string taken;
  taken.swap(errors);
  return taken;
}

} // namespace sslc::codegen
