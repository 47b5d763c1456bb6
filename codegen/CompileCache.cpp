//===- CompileCache.cpp - compiled networks kept on disk between runs -----===//
//
// An entry is a folder named by its key:
//   network.so   the pipelines (sslc_segment_N) and one Halide runtime
//   meta.txt     shapes, intermediate buffers and each segment's arguments
// It is built in a scratch folder next to it and renamed into place, so
// concurrent processes either see a whole entry or none. The runtime object
// of each target is compiled once and kept in DIR/runtime/.
//
//===----------------------------------------------------------------------===//
#include "codegen/CompileCache.h"
#include "runtime/FileUtil.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SSLC_VERSION
#define SSLC_VERSION "unknown"
#endif

using namespace mlir;

namespace sslc::codegen {
namespace {

constexpr const char *kMetaMagic = "sslc-compile-cache 1";

/// Feeds everything written to it into a BLAKE3 hash.
class HashStream : public llvm::raw_ostream {
public:
  explicit HashStream(llvm::BLAKE3 &hasher) : hasher(hasher) {
    SetUnbuffered();
  }

private:
  void write_impl(const char *ptr, size_t size) override {
    hasher.update(llvm::ArrayRef<uint8_t>(
        reinterpret_cast<const uint8_t *>(ptr), size));
    written += size;
  }
  uint64_t current_pos() const override { return written; }
  llvm::BLAKE3 &hasher;
  uint64_t written = 0;
};

/// Path, size and modification time of the binary holding `symbol`.
std::string binaryIdentity(void *symbol) {
  Dl_info info;
  if (!dladdr(symbol, &info) || !info.dli_fname)
    return "unknown-binary";
  struct stat st;
  std::string id = info.dli_fname;
  if (::stat(info.dli_fname, &st) == 0)
    id += " " + std::to_string(st.st_size) + " " +
          std::to_string(st.st_mtim.tv_sec) + "." +
          std::to_string(st.st_mtim.tv_nsec);
  return id;
}

/// The binary holding sslc's code generator (libsslc.so or a program
/// linking it statically).
std::string compilerIdentity() {
  return binaryIdentity(reinterpret_cast<void *>(&compileCacheKey));
}

/// The Halide library (its version and build; Halide 14 has no version
/// macros).
std::string halideIdentity() {
  void (*probe)(const std::string &, const Halide::Target &) =
      &Halide::compile_standalone_runtime;
  return binaryIdentity(reinterpret_cast<void *>(probe));
}

// --- Handlers of the cached code's runtime ---------------------------------
// They are process-wide in each library, so they find the run's pool,
// threads and error record through the user context every call passes.

RunContext *contextOf(void *userContext) {
  return static_cast<RunContext *>(
      static_cast<Halide::JITUserContext *>(userContext));
}

void *cacheMalloc(void *userContext, size_t size) {
  RunContext *ctx = contextOf(userContext);
  if (ctx && ctx->pool)
    return ctx->pool->allocate(size);
  return alignedForHalide(size);
}

void cacheFree(void *userContext, void *ptr) {
  RunContext *ctx = contextOf(userContext);
  if (ctx && ctx->pool)
    ctx->pool->release(ptr);
  else
    std::free(ptr);
}

int cacheParallelFor(void *userContext, halide_task_t task, int min,
                     int extent, uint8_t *closure) {
  RunContext *ctx = contextOf(userContext);
  if (ctx && ctx->threads)
    return ctx->threads->parallelFor(
        static_cast<Halide::JITUserContext *>(ctx),
        reinterpret_cast<ThreadPool::Task>(task), min, extent, closure);
  if (ctx && ctx->fallbackParallelFor)
    return ctx->fallbackParallelFor(userContext, task, min, extent, closure);
  for (int i = min; i < min + extent; ++i)
    if (int rc = task(userContext, i, closure))
      return rc;
  return 0;
}

void cacheError(void *userContext, const char *message) {
  if (RunContext *ctx = contextOf(userContext))
    ctx->recordError(message);
}

/// A loaded library stays loaded: its runtime may own threads, and a second
/// load of the same entry gets the same handle.
struct LoadedLibrary {
  void *handle = nullptr;
  RunContext::ParallelFor defaultParallelFor = nullptr;
};

std::mutex librariesMutex;
std::map<std::string, LoadedLibrary> &libraries() {
  static std::map<std::string, LoadedLibrary> loaded;
  return loaded;
}

bool openLibrary(const std::string &path, LoadedLibrary &out,
                 std::string &error) {
  std::lock_guard<std::mutex> lock(librariesMutex);
  auto it = libraries().find(path);
  if (it != libraries().end()) {
    out = it->second;
    return true;
  }
  void *handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *why = ::dlerror();
    error = path + ": cannot load: " + (why ? why : "unknown error");
    return false;
  }
  auto symbol = [&](const char *name) { return ::dlsym(handle, name); };
  using SetMalloc = halide_malloc_t (*)(halide_malloc_t);
  using SetFree = halide_free_t (*)(halide_free_t);
  using SetParFor = halide_do_par_for_t (*)(halide_do_par_for_t);
  using SetError = halide_error_handler_t (*)(halide_error_handler_t);
  auto setMalloc = reinterpret_cast<SetMalloc>(symbol("halide_set_custom_malloc"));
  auto setFree = reinterpret_cast<SetFree>(symbol("halide_set_custom_free"));
  auto setParFor =
      reinterpret_cast<SetParFor>(symbol("halide_set_custom_do_par_for"));
  auto setError = reinterpret_cast<SetError>(symbol("halide_set_error_handler"));
  auto defaultParFor = reinterpret_cast<RunContext::ParallelFor>(
      symbol("halide_default_do_par_for"));
  if (!setMalloc || !setFree || !setParFor || !setError || !defaultParFor) {
    ::dlclose(handle);
    error = path + ": the Halide runtime's handler entry points are missing";
    return false;
  }
  setMalloc(cacheMalloc);
  setFree(cacheFree);
  setParFor(cacheParallelFor);
  setError(cacheError);
  LoadedLibrary library{handle, defaultParFor};
  libraries()[path] = library;
  out = library;
  return true;
}

std::string shapeLine(const char *tag, const std::vector<int64_t> &shape) {
  std::string line = std::string(tag) + " " + std::to_string(shape.size());
  for (int64_t d : shape)
    line += " " + std::to_string(d);
  return line + "\n";
}

/// Entries of `dir` (folders named by a 64-hex-digit key), oldest use
/// first, with their sizes; evicts the oldest until `maxBytes` is met,
/// never `keep`.
void evict(const std::string &dir, const std::string &keep,
           uint64_t maxBytes) {
  struct Entry {
    std::string path;
    int64_t used;
    uint64_t bytes;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec)) {
    llvm::StringRef name = llvm::sys::path::filename(it->path());
    if (name.size() != 64 || !llvm::all_of(name, llvm::isHexDigit))
      continue;
    Entry entry{it->path(), 0, 0};
    struct stat st;
    if (::stat((entry.path + "/meta.txt").c_str(), &st) == 0)
      entry.used = st.st_mtim.tv_sec;
    for (const char *file : {"/network.so", "/meta.txt"})
      if (::stat((entry.path + file).c_str(), &st) == 0)
        entry.bytes += st.st_size;
    total += entry.bytes;
    if (name != keep)
      entries.push_back(entry);
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry &a, const Entry &b) { return a.used < b.used; });
  for (const Entry &entry : entries) {
    if (total <= maxBytes)
      break;
    llvm::sys::fs::remove_directories(entry.path);
    total -= std::min(total, entry.bytes);
  }
}

uint64_t cacheLimitBytes() {
  if (const char *mb = std::getenv("SSLC_CACHE_MAX_MB")) {
    char *end = nullptr;
    unsigned long long value = std::strtoull(mb, &end, 10);
    if (end && *end == '\0' && end != mb)
      return static_cast<uint64_t>(value) << 20;
  }
  return kDefaultCacheBytes;
}

/// Runs `program args...`; false with the reason (and its output) in
/// `error`.
bool runProgram(llvm::StringRef program, llvm::ArrayRef<std::string> args,
                const std::string &logPath, std::string &error) {
  std::vector<llvm::StringRef> argv = {program};
  for (const std::string &a : args)
    argv.push_back(a);
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, logPath,
                                                logPath};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects,
                                     /*SecondsToWait=*/600, 0, &message);
  if (rc == 0)
    return true;
  std::string log, ignored;
  readFileBytes(logPath, log, ignored);
  error = program.str() + " exited with " + std::to_string(rc) +
          (message.empty() ? "" : " (" + message + ")") +
          (log.empty() ? "" : ": " + log);
  while (!error.empty() && error.back() == '\n')
    error.pop_back();
  return false;
}

/// The C compiler that links an entry: $CC, else cc, gcc or clang.
std::string linker() {
  if (const char *cc = std::getenv("CC"); cc && *cc) {
    if (auto found = llvm::sys::findProgramByName(cc))
      return *found;
  }
  for (const char *name : {"cc", "gcc", "clang"})
    if (auto found = llvm::sys::findProgramByName(name))
      return *found;
  return "";
}

Halide::Target aotTarget(const Halide::Target &target) {
  return target.without_feature(Halide::Target::JIT)
      .with_feature(Halide::Target::UserContext);
}

/// The runtime object for `target`, compiled once per cache.
bool runtimeObject(const std::string &dir, const Halide::Target &target,
                   std::string &path, std::string &error) {
  Halide::Target runtimeTarget =
      aotTarget(target).without_feature(Halide::Target::NoRuntime);
  llvm::BLAKE3 hasher;
  hasher.update(runtimeTarget.to_string());
  hasher.update(compilerIdentity());
  std::string name = llvm::toHex(hasher.final(), /*LowerCase=*/true)
                         .substr(0, 32);
  std::string folder = dir + "/runtime";
  path = folder + "/" + name + ".o";
  if (llvm::sys::fs::exists(path))
    return true;
  if (std::error_code ec = llvm::sys::fs::create_directories(folder)) {
    error = folder + ": " + ec.message();
    return false;
  }
  std::string scratch =
      path + ".tmp" + std::to_string(::getpid()) + ".o";
  try {
    Halide::compile_standalone_runtime(scratch, runtimeTarget);
  } catch (const Halide::Error &e) {
    error = std::string("Halide runtime: ") + e.what();
    return false;
  }
  if (!renameIntoPlace(scratch, path, error)) {
    ::unlink(scratch.c_str());
    return false;
  }
  return true;
}

/// Runs compile(0) ... compile(count - 1), each in a child process when
/// `workers` > 1, at most `workers` at a time. Processes, not threads:
/// Halide's compiler shares reference-counted IR nodes (small constants
/// among them) between pipelines, and threads contend on their counts; a
/// child has its own copy of everything. A child reports a failure in
/// `scratch`/error.N and exits at once, running no destructor of the
/// parent's state.
bool compileUnits(int count, int workers, const std::string &scratch,
                  const std::function<void(int)> &compile,
                  std::string &error) {
  auto inProcess = [&](int i) {
    try {
      compile(i);
      return true;
    } catch (const std::exception &e) {
      error = std::string("AOT compilation: ") + e.what();
      return false;
    }
  };
  if (workers <= 1 || count <= 1) {
    for (int i = 0; i < count; ++i)
      if (!inProcess(i))
        return false;
    return true;
  }
  std::vector<std::pair<pid_t, int>> running;
  bool ok = true;
  auto reapOldest = [&] {
    auto [pid, index] = running.front();
    running.erase(running.begin());
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
      return;
    std::string message, ignored;
    readFileBytes(scratch + "/error." + std::to_string(index), message,
                  ignored);
    if (ok)
      error = "AOT compilation: " +
              (message.empty() ? "the compiler process of pipeline " +
                                     std::to_string(index) + " died"
                               : message);
    ok = false;
  };
  for (int i = 0; i < count && ok; ++i) {
    if (static_cast<int>(running.size()) >= workers)
      reapOldest();
    if (!ok)
      break;
    pid_t pid = ::fork();
    if (pid == 0) {
      int rc = 0;
      try {
        compile(i);
      } catch (const std::exception &e) {
        std::ofstream(scratch + "/error." + std::to_string(i)) << e.what();
        rc = 1;
      }
      ::_exit(rc);
    }
    if (pid < 0) {
      // No process to spare: compile here.
      ok = inProcess(i);
      continue;
    }
    running.emplace_back(pid, i);
  }
  while (!running.empty())
    reapOldest();
  return ok;
}

} // namespace

std::string defaultCacheDir() {
  if (const char *mode = std::getenv("SSLC_CACHE")) {
    llvm::StringRef m(mode);
    if (m.equals_insensitive("off") || m == "0" ||
        m.equals_insensitive("false") || m.equals_insensitive("no"))
      return "";
  }
  if (const char *dir = std::getenv("SSLC_CACHE_DIR"); dir && *dir)
    return dir;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return std::string(xdg) + "/sslc/compiled";
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.cache/sslc/compiled";
  return "";
}

bool cacheableTarget(const Halide::Target &target) {
  return !target.has_gpu_feature();
}

std::string compileCacheKey(ModuleOp module, const CompileOptions &options,
                            const Halide::Target &target) {
  llvm::BLAKE3 hasher;
  auto field = [&](llvm::StringRef text) {
    hasher.update(text);
    hasher.update(llvm::StringRef("\0", 1));
  };
  field(kMetaMagic);
  field(SSLC_VERSION);
  field(compilerIdentity());
  field(halideIdentity());
  field(aotTarget(target).to_string());
  field(options.entry);
  field(std::to_string(options.parametersAsInputs) + " " +
        std::to_string(options.maxStagesPerPipeline) + " " +
        std::to_string(options.splitDeepNetworks) + " " +
        std::to_string(options.runtimeAsserts));
  HashStream stream(hasher);
  (void)writeBytecodeToFile(module, stream);
  stream.flush();
  return llvm::toHex(hasher.final(), /*LowerCase=*/true);
}

std::unique_ptr<CachedNetwork> CachedNetwork::load(const std::string &dir,
                                                   const std::string &key,
                                                   std::string &error) {
  error.clear();
  std::string entry = dir + "/" + key;
  std::string metaPath = entry + "/meta.txt";
  std::string text;
  if (!llvm::sys::fs::exists(metaPath) || !readFileBytes(metaPath, text, error))
    return nullptr;
  std::unique_ptr<CachedNetwork> net(new CachedNetwork());
  std::istringstream in(text);
  std::string line;
  auto bad = [&](const std::string &why) {
    error = metaPath + ": " + why;
    return nullptr;
  };
  if (!std::getline(in, line) || line != kMetaMagic)
    return bad("not an sslc compile cache entry of this version");
  auto readShape = [](std::istringstream &words,
                      std::vector<int64_t> &shape) {
    size_t rank = 0;
    if (!(words >> rank) || rank > 16)
      return false;
    shape.resize(rank);
    for (int64_t &d : shape)
      if (!(words >> d) || d < 1 || d > (int64_t(1) << 31))
        return false;
    return true;
  };
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string tag;
    words >> tag;
    if (tag == "input" || tag == "output") {
      std::vector<int64_t> shape;
      if (!readShape(words, shape))
        return bad("malformed line '" + line + "'");
      (tag == "input" ? net->inputs : net->outputs).push_back(shape);
    } else if (tag == "intermediate") {
      int code = 0, bits = 0;
      std::vector<int64_t> shape;
      if (!(words >> code >> bits) || code < 0 || code > 2 ||
          (bits != 8 && bits != 16 && bits != 32 && bits != 64) ||
          !readShape(words, shape))
        return bad("malformed line '" + line + "'");
      net->intermediates.emplace_back(
          Halide::Type(static_cast<halide_type_code_t>(code), bits, 1),
          halideExtents(shape));
    } else if (tag == "segment") {
      Segment segment;
      size_t count = 0;
      if (!(words >> segment.name >> count) || count > 4096)
        return bad("malformed line '" + line + "'");
      for (size_t i = 0; i < count; ++i) {
        std::string arg;
        if (!(words >> arg) || arg.size() < 2)
          return bad("malformed line '" + line + "'");
        Argument a{Argument::Input, 0};
        a.kind = arg[0] == 'i'   ? Argument::Input
                 : arg[0] == 'o' ? Argument::Output
                 : arg[0] == 'm' ? Argument::Intermediate
                                 : Argument::Kind(-1);
        char *end = nullptr;
        long index = std::strtol(arg.c_str() + 1, &end, 10);
        if (a.kind == Argument::Kind(-1) || *end != '\0' || index < 0)
          return bad("malformed argument '" + arg + "'");
        a.index = static_cast<int>(index);
        segment.arguments.push_back(a);
      }
      net->segments.push_back(std::move(segment));
    } else if (!tag.empty()) {
      return bad("unknown line '" + line + "'");
    }
  }
  for (const Segment &segment : net->segments)
    for (const Argument &a : segment.arguments) {
      size_t limit = a.kind == Argument::Input    ? net->inputs.size()
                     : a.kind == Argument::Output ? net->outputs.size()
                                                  : net->intermediates.size();
      if (static_cast<size_t>(a.index) >= limit)
        return bad("segment " + segment.name + " names a buffer it lacks");
    }
  if (net->segments.empty())
    return bad("no segments");

  LoadedLibrary library;
  if (!openLibrary(entry + "/network.so", library, error))
    return nullptr;
  for (Segment &segment : net->segments) {
    segment.entry = reinterpret_cast<int (*)(void **)>(
        ::dlsym(library.handle, (segment.name + "_argv").c_str()));
    if (!segment.entry)
      return bad("the library lacks " + segment.name);
  }
  net->defaultParallelFor = library.defaultParallelFor;
  // Mark the entry used, for eviction.
  ::utimes(metaPath.c_str(), nullptr);
  return net;
}

std::unique_ptr<CachedNetwork> CachedNetwork::store(BuiltPipeline &built,
                                                    const std::string &dir,
                                                    const std::string &key,
                                                    int threads,
                                                    std::string &error) {
  error.clear();
  if (!cacheableTarget(built.target)) {
    error = "the cache holds CPU code only";
    return nullptr;
  }
  std::string cc = linker();
  if (cc.empty()) {
    error = "no C compiler (cc, gcc or clang) to link the cached library";
    return nullptr;
  }
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    error = dir + ": " + ec.message();
    return nullptr;
  }
  std::string runtime;
  if (!runtimeObject(dir, built.target, runtime, error))
    return nullptr;

  LoweredNetwork &net = built.net;
  std::map<std::string, std::string> bufferNames; // Halide name -> token
  for (auto [i, param] : llvm::enumerate(net.inputs))
    bufferNames[param.name()] = "i" + std::to_string(i);
  for (auto [i, inter] : llvm::enumerate(net.intermediates))
    bufferNames[inter.param.name()] = "m" + std::to_string(i);

  std::string meta = std::string(kMetaMagic) + "\n";
  for (const auto &shape : net.inputShapes)
    meta += shapeLine("input", shape);
  for (const auto &shape : net.outputShapes)
    meta += shapeLine("output", shape);
  for (const Intermediate &inter : net.intermediates) {
    Halide::Type type = inter.producer.output_types()[0];
    meta += "intermediate " + std::to_string(type.code()) + " " +
            std::to_string(type.bits()) + " " +
            shapeLine("", inter.shape).substr(1);
  }

  std::string scratch = dir + "/." + key.substr(0, 16) + "-XXXXXX";
  if (!::mkdtemp(scratch.data())) {
    error = dir + ": cannot create a scratch folder: " + std::strerror(errno);
    return nullptr;
  }
  auto cleanup = [&] { llvm::sys::fs::remove_directories(scratch); };

  struct Unit {
    Halide::Pipeline pipeline;
    std::vector<std::string> outputTokens;
  };
  std::vector<Unit> units;
  if (built.segments.empty()) {
    Unit unit{built.pipeline, {}};
    for (size_t i = 0; i < net.outputs.size(); ++i)
      unit.outputTokens.push_back("o" + std::to_string(i));
    units.push_back(unit);
  } else {
    for (PipelineSegment &segment : built.segments) {
      Unit unit{segment.pipeline, {}};
      for (int i : segment.outputs)
        unit.outputTokens.push_back("o" + std::to_string(i));
      for (int i : segment.intermediates)
        unit.outputTokens.push_back("m" + std::to_string(i));
      units.push_back(unit);
    }
  }
  Halide::Target target =
      aotTarget(built.target).with_feature(Halide::Target::NoRuntime);
  std::vector<std::string> linkArgs = {"-shared", "-o",
                                       scratch + "/network.so",
                                       "-Wl,-Bsymbolic"};
  std::vector<std::vector<Halide::Argument>> unitArgs;
  for (auto [s, unit] : llvm::enumerate(units)) {
    unitArgs.push_back(unit.pipeline.infer_arguments());
    std::string name = "sslc_segment_" + std::to_string(s);
    std::string line =
        "segment " + name + " " +
        std::to_string(unitArgs.back().size() + unit.outputTokens.size());
    for (const Halide::Argument &arg : unitArgs.back()) {
      auto it = bufferNames.find(arg.name);
      if (!arg.is_buffer() || it == bufferNames.end()) {
        cleanup();
        error = "pipeline argument '" + arg.name + "' is not a network buffer";
        return nullptr;
      }
      line += " " + it->second;
    }
    for (const std::string &token : unit.outputTokens)
      line += " " + token;
    meta += line + "\n";
    linkArgs.push_back(scratch + "/" + name + ".o");
  }
  if (!compileUnits(static_cast<int>(units.size()), threads, scratch,
                    [&](int s) {
                      std::string name = "sslc_segment_" + std::to_string(s);
                      units[s].pipeline.compile_to_object(
                          scratch + "/" + name + ".o", unitArgs[s], name,
                          target);
                    },
                    error)) {
    cleanup();
    return nullptr;
  }
  linkArgs.push_back(runtime);
  for (const char *lib : {"-lpthread", "-ldl", "-lm"})
    linkArgs.push_back(lib);
  if (!runProgram(cc, linkArgs, scratch + "/link.log", error) ||
      !writeFileAtomically(scratch + "/meta.txt", meta, error)) {
    cleanup();
    return nullptr;
  }
  for (size_t s = 0; s < units.size(); ++s)
    ::unlink((scratch + "/sslc_segment_" + std::to_string(s) + ".o").c_str());
  ::unlink((scratch + "/link.log").c_str());
  std::string entry = dir + "/" + key;
  // An entry already there is one load refused (or one another process
  // just stored, equal to this one): replace it.
  if (llvm::sys::fs::exists(entry))
    llvm::sys::fs::remove_directories(entry);
  if (::rename(scratch.c_str(), entry.c_str()) != 0) {
    // Another process stored the same entry first: use that one.
    cleanup();
    if (!llvm::sys::fs::exists(entry + "/meta.txt")) {
      error = entry + ": cannot move the entry into place: " +
              std::strerror(errno);
      return nullptr;
    }
  }
  evict(dir, key, cacheLimitBytes());
  return load(dir, key, error);
}

CachedNetwork::~CachedNetwork() = default;

bool CachedNetwork::run(RunContext &context, const float *const *inputData,
                        float *const *outputData, std::string &error) {
  std::vector<Halide::Runtime::Buffer<float>> in, out;
  for (size_t i = 0; i < inputs.size(); ++i)
    in.emplace_back(const_cast<float *>(inputData[i]),
                    halideExtents(inputs[i]));
  for (size_t i = 0; i < outputs.size(); ++i)
    out.emplace_back(outputData[i], halideExtents(outputs[i]));
  context.fallbackParallelFor = defaultParallelFor;
  void *userContext = static_cast<Halide::JITUserContext *>(&context);
  std::vector<void *> argv;
  for (Segment &segment : segments) {
    argv.assign(1, &userContext);
    for (const Argument &a : segment.arguments) {
      halide_buffer_t *buffer =
          a.kind == Argument::Input    ? in[a.index].raw_buffer()
          : a.kind == Argument::Output ? out[a.index].raw_buffer()
                                       : intermediates[a.index].raw_buffer();
      argv.push_back(buffer);
    }
    int rc = segment.entry(argv.data());
    if (rc != 0) {
      error = context.takeErrors();
      if (error.empty())
        error = segment.name + " failed with code " + std::to_string(rc);
      return false;
    }
  }
  return true;
}

} // namespace sslc::codegen
