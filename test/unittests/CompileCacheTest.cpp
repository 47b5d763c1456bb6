//===- CompileCacheTest.cpp - compiled networks stored and loaded back ----===//
//
// A network stored in the compile cache and loaded back (as a later
// process would) computes exactly what the JIT computes, split into
// several pipelines or not, on its own threads or Halide's; the key tells
// apart what changes the code; a damaged entry is refused with a reason and
// eviction keeps the cache under its limit.
//
//===----------------------------------------------------------------------===//
#include "codegen/CompileCache.h"
#include "codegen/Target.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"
#include "frontends/Zoo.h"
#include "test/unittests/TestUtil.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <unistd.h>

using namespace mlir;
using namespace sslc::codegen;

namespace {

sslc::Tensor randomTensor(std::vector<int64_t> shape, uint64_t seed) {
  sslc::Tensor t(std::move(shape));
  t.data = sslc::test::randomValues(t.data.size(), seed);
  return t;
}

/// Cache entries (folders named by a key) in `dir`.
std::vector<std::string> entries(const std::string &dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    std::string name = llvm::sys::path::filename(it->path()).str();
    if (name.size() == 64)
      found.push_back(name);
  }
  return found;
}

class CompileCache : public ::testing::Test {
protected:
  CompileCache() {
    ctx.loadDialect<sslc::ssl::SSLDialect, func::FuncDialect,
                    ml_program::MLProgramDialect>();
    llvm::SmallString<128> path;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("sslc-cache", path));
    dir = path.str().str();
  }
  ~CompileCache() override { llvm::sys::fs::remove_directories(dir); }

  OwningOpRef<ModuleOp> zoo(const std::string &name, uint64_t seed = 1) {
    sslc::ZooOptions options;
    options.batch = 2;
    options.seed = seed;
    return sslc::buildZooModel(&ctx, name, options);
  }

  /// Runs `module` JIT-compiled and through the cache (stored, then loaded
  /// again as a new process would), on the same random input, and expects
  /// the same bits.
  /// Returns the pipelines a run executes.
  int expectCachedEqualsJit(ModuleOp module, const CompileOptions &options,
                            int threads) {
    int pipelines = -1;
    expectCachedEqualsJitImpl(module, options, threads, pipelines);
    return pipelines;
  }
  void expectCachedEqualsJitImpl(ModuleOp module, const CompileOptions &options,
                                 int threads, int &pipelines) {
    auto jit = Executable::compile(module, options);
    ASSERT_TRUE(succeeded(jit));
    FailureOr<BuiltPipeline> built = buildPipeline(module, options, true);
    ASSERT_TRUE(succeeded(built));
    Halide::Target target = built->target;
    std::string key = compileCacheKey(module, options, target);
    std::string error;
    auto stored = CachedNetwork::store(*built, dir, key, 2, error);
    ASSERT_TRUE(stored) << error;
    auto loaded = CachedNetwork::load(dir, key, error);
    ASSERT_TRUE(loaded) << error;
    pipelines = loaded->pipelineCount();
    EXPECT_EQ(pipelines, built->pipelineCount());
    EXPECT_EQ(pipelines, (*jit)->pipelineCount());
    EXPECT_EQ(loaded->inputShapes(), (*jit)->inputShapes());
    EXPECT_EQ(loaded->outputShapes(), (*jit)->outputShapes());

    BufferPool pool;
    std::unique_ptr<ThreadPool> workers;
    if (threads > 0)
      workers = std::make_unique<ThreadPool>(threads);
    RunContext context;
    context.install(&pool, workers.get());
    uint64_t seed = 7;
    // Runs the loaded code on a fresh random input into `got`.
    auto runLoaded = [&](sslc::Tensor &input, sslc::Tensor &got) {
      input = randomTensor((*jit)->inputShapes()[0], seed++);
      got = sslc::Tensor(loaded->outputShapes()[0]);
      const float *in[] = {input.data.data()};
      float *out[] = {got.data.data()};
      return loaded->run(context, in, out, error);
    };
    for (int round = 0; round < 2; ++round) {
      sslc::Tensor input, got, expected;
      ASSERT_TRUE(runLoaded(input, got)) << error;
      ASSERT_TRUE((*jit)->run({&input}, {&expected}, error)) << error;
      double scale = 0;
      for (float v : expected.data)
        scale = std::max(scale, std::fabs(static_cast<double>(v)));
      ASSERT_GT(scale, 0.0) << "the JIT output is all zeros";
      EXPECT_EQ(got.data, expected.data) << "round " << round;
    }
    // Every buffer a run takes from the pool goes back to it, and later
    // runs are served from it. On one thread a run allocates nothing new.
    // On several, a buffer allocated inside a parallel loop exists once per
    // thread that ran a task at the same moment, which depends on
    // scheduling, so the pool may still grow, but never past one copy of
    // each buffer per thread.
    size_t reserved = pool.reservedBytes();
    int repeats = threads > 0 ? 8 : 1;
    for (int round = 0; round < repeats; ++round) {
      sslc::Tensor input, got;
      ASSERT_TRUE(runLoaded(input, got)) << error;
      EXPECT_EQ(pool.inUseBytes(), 0u) << "a buffer was not returned";
    }
    if (threads > 0)
      EXPECT_LE(pool.reservedBytes(), reserved * static_cast<size_t>(threads));
    else
      EXPECT_EQ(pool.reservedBytes(), reserved);
  }

  MLIRContext ctx;
  std::string dir;
};

TEST_F(CompileCache, LeNetLoadedBackComputesWhatTheJitComputes) {
  OwningOpRef<ModuleOp> module = zoo("lenet");
  ASSERT_TRUE(module);
  CompileOptions options;
  EXPECT_EQ(expectCachedEqualsJit(*module, options, /*threads=*/0), 1);
  std::vector<std::string> stored = entries(dir);
  ASSERT_EQ(stored.size(), 1u);
  std::string entry = dir + "/" + stored[0];
  EXPECT_TRUE(llvm::sys::fs::exists(entry + "/meta.txt"));
  // The weights are a file of their own that the code reads as arguments,
  // not data compiled into the library: the library is smaller than
  // LeNet's 1.7 MB of parameters, and the weights file holds at least
  // those.
  uint64_t library = 0, weights = 0;
  ASSERT_FALSE(llvm::sys::fs::file_size(entry + "/network.so", library));
  ASSERT_FALSE(llvm::sys::fs::file_size(entry + "/weights.bin", weights));
  const uint64_t parameterBytes = 431080 * sizeof(float);
  EXPECT_LT(library, parameterBytes);
  EXPECT_GE(weights, parameterBytes);
}

TEST_F(CompileCache, SplitResidualNetworkOnItsOwnThreads) {
  OwningOpRef<ModuleOp> module = zoo("resnet20");
  ASSERT_TRUE(module);
  CompileOptions options;
  options.maxStagesPerPipeline = 16;
  EXPECT_GT(expectCachedEqualsJit(*module, options, /*threads=*/2), 2);
}

TEST_F(CompileCache, KeyFollowsWhatChangesTheCode) {
  OwningOpRef<ModuleOp> a = zoo("lenet", 1), same = zoo("lenet", 1),
                        otherWeights = zoo("lenet", 2);
  ASSERT_TRUE(a && same && otherWeights);
  std::string error;
  Halide::Target host = *parseTarget("host", error);
  Halide::Target avx2 = *parseTarget("x86-64-linux-avx2-fma", error);
  CompileOptions options, split;
  split.maxStagesPerPipeline = 4;
  std::string key = compileCacheKey(*a, options, host);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(compileCacheKey(*same, options, host), key);
  EXPECT_NE(compileCacheKey(*otherWeights, options, host), key);
  EXPECT_NE(compileCacheKey(*a, options, avx2), key);
  EXPECT_NE(compileCacheKey(*a, split, host), key);
  EXPECT_FALSE(cacheableTarget(*parseTarget("host-cuda", error)));
  EXPECT_TRUE(cacheableTarget(host));
}

TEST_F(CompileCache, MissingOrDamagedEntriesAreRefusedWithAReason) {
  std::string error;
  EXPECT_FALSE(CachedNetwork::load(dir, std::string(64, 'a'), error));
  EXPECT_EQ(error, "") << "an absent entry is a plain miss";

  OwningOpRef<ModuleOp> module = zoo("lenet");
  ASSERT_TRUE(module);
  CompileOptions options;
  FailureOr<BuiltPipeline> built = buildPipeline(*module, options, true);
  ASSERT_TRUE(succeeded(built));
  std::string key = compileCacheKey(*module, options, built->target);
  ASSERT_TRUE(CachedNetwork::store(*built, dir, key, 2, error)) << error;
  std::string entry = dir + "/" + key;

  std::ofstream(entry + "/meta.txt") << "sslc-compile-cache 2\nsegment x 1 q9\n";
  EXPECT_FALSE(CachedNetwork::load(dir, key, error));
  EXPECT_NE(error.find(entry + "/meta.txt: malformed argument 'q9'"),
            std::string::npos)
      << error;

  std::ofstream(entry + "/meta.txt") << "not a cache entry\n";
  EXPECT_FALSE(CachedNetwork::load(dir, key, error));
  EXPECT_NE(error.find("not an sslc compile cache entry"), std::string::npos)
      << error;

  // A truncated weights file: the entry is refused, naming the file, the
  // bytes expected and those found.
  FailureOr<BuiltPipeline> stored = buildPipeline(*module, options, true);
  ASSERT_TRUE(succeeded(stored));
  ASSERT_TRUE(CachedNetwork::store(*stored, dir, key, 1, error)) << error;
  ASSERT_TRUE(CachedNetwork::load(dir, key, error)) << error;
  ASSERT_EQ(::truncate((entry + "/weights.bin").c_str(), 1000), 0);
  EXPECT_FALSE(CachedNetwork::load(dir, key, error));
  EXPECT_NE(error.find(entry + "/weights.bin: expected "), std::string::npos)
      << error;
  EXPECT_NE(error.find("found a file of 1000 bytes"), std::string::npos)
      << error;
  std::ofstream(entry + "/meta.txt", std::ios::app) << "constant 2 32 64 1 0\n";
  EXPECT_FALSE(CachedNetwork::load(dir, key, error));
  EXPECT_NE(error.find("malformed line 'constant 2 32 64 1 0'"),
            std::string::npos)
      << error;

  // A truncated library under a valid meta file: dlopen refuses it.
  std::string otherKey = std::string(63, 'b') + "c";
  ASSERT_FALSE(llvm::sys::fs::create_directories(dir + "/" + otherKey));
  std::ofstream(dir + "/" + otherKey + "/meta.txt")
      << "sslc-compile-cache 2\ninput 1 4\noutput 1 4\nsegment s 2 i0 o0\n";
  std::ofstream(dir + "/" + otherKey + "/network.so") << "\x7f" "ELF";
  EXPECT_FALSE(CachedNetwork::load(dir, otherKey, error));
  EXPECT_NE(error.find("network.so: cannot load"), std::string::npos) << error;

  // Storing again replaces the damaged entry.
  FailureOr<BuiltPipeline> again = buildPipeline(*module, options, true);
  ASSERT_TRUE(succeeded(again));
  ASSERT_TRUE(CachedNetwork::store(*again, dir, key, 1, error)) << error;
  EXPECT_TRUE(CachedNetwork::load(dir, key, error)) << error;
}

TEST_F(CompileCache, EvictionKeepsTheNewestEntryUnderTheLimit) {
  ::setenv("SSLC_CACHE_MAX_MB", "0", 1);
  std::string error;
  std::vector<std::string> keys;
  for (uint64_t seed : {1, 2}) {
    OwningOpRef<ModuleOp> module = zoo("lenet", seed);
    ASSERT_TRUE(module);
    CompileOptions options;
    FailureOr<BuiltPipeline> built = buildPipeline(*module, options, true);
    ASSERT_TRUE(succeeded(built));
    keys.push_back(compileCacheKey(*module, options, built->target));
    ASSERT_TRUE(CachedNetwork::store(*built, dir, keys.back(), 1, error))
        << error;
  }
  ::unsetenv("SSLC_CACHE_MAX_MB");
  EXPECT_EQ(entries(dir), std::vector<std::string>{keys[1]});
  // The shared runtime object is not an entry and stays.
  std::error_code ec;
  llvm::sys::fs::directory_iterator it(dir + "/runtime", ec);
  EXPECT_FALSE(ec);
  EXPECT_NE(it, llvm::sys::fs::directory_iterator());
}

TEST(CompileCacheDir, FollowsTheEnvironment) {
  ::setenv("SSLC_CACHE", "off", 1);
  EXPECT_EQ(defaultCacheDir(), "");
  ::unsetenv("SSLC_CACHE");
  ::setenv("SSLC_CACHE_DIR", "/some/where", 1);
  EXPECT_EQ(defaultCacheDir(), "/some/where");
  ::unsetenv("SSLC_CACHE_DIR");
  ::setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ(defaultCacheDir(), "/xdg/sslc/compiled");
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(defaultCacheDir(), "/home/u/.cache/sslc/compiled");
}

} // namespace
