//===- CompileCache.cpp - compiled networks kept on disk between runs -----===//
//
// An entry is a folder named by its key:
//   network.so   the pipelines (sslc_segment_N) and one Halide runtime
//   weights.bin  the constant buffers the pipelines read (weights, packed
//                weights, tap tables), each 64-byte aligned
//   meta.txt     shapes, intermediate and constant buffers and each
//                segment's arguments
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
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <poll.h>
#include <sstream>
#include <sys/mman.h>
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

constexpr const char *kMetaMagic = "sslc-compile-cache 2";

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
    for (const char *file : {"/network.so", "/weights.bin", "/meta.txt"})
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

Halide::Target runtimeTarget(const Halide::Target &target) {
  return aotTarget(target).without_feature(Halide::Target::NoRuntime);
}

/// Where the cache keeps the runtime object of `target` (compiled once per
/// cache and shared by its entries).
std::string runtimeObjectPath(const std::string &dir,
                              const Halide::Target &target) {
  llvm::BLAKE3 hasher;
  hasher.update(runtimeTarget(target).to_string());
  hasher.update(compilerIdentity());
  std::string name = llvm::toHex(hasher.final(), /*LowerCase=*/true)
                         .substr(0, 32);
  return dir + "/runtime/" + name + ".o";
}

/// Runs compile(0) ... compile(count - 1), each in a child process when
/// `workers` > 1, at most `workers` at a time, the next one starting as
/// soon as any finishes (the pipelines of a network differ several times in
/// compile time). Processes, not threads: Halide's compiler shares
/// reference-counted IR nodes (small constants among them) between
/// pipelines, and threads contend on their counts; a child has its own copy
/// of everything. A child reports a failure in `scratch`/error.N and exits
/// at once, running no destructor of the parent's state. The parent learns
/// that a child ended from the end of a pipe the child holds, so it waits
/// for its own children only (never for others of the calling program).
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
  struct Child {
    pid_t pid;
    int index;
    int done; // read end of the pipe the child holds open until it exits
  };
  std::vector<Child> running;
  bool ok = true;
  auto reap = [&](size_t at) {
    Child child = running[at];
    running.erase(running.begin() + static_cast<long>(at));
    ::close(child.done);
    int status = 0;
    while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
      return;
    std::string message, ignored;
    readFileBytes(scratch + "/error." + std::to_string(child.index), message,
                  ignored);
    if (ok)
      error = "AOT compilation: " +
              (message.empty() ? "the compiler process of pipeline " +
                                     std::to_string(child.index) + " died"
                               : message);
    ok = false;
  };
  // Reaps one child that has ended, waiting for one if none has.
  auto reapOne = [&] {
    std::vector<pollfd> fds;
    for (const Child &child : running)
      fds.push_back({child.done, POLLIN, 0});
    while (::poll(fds.data(), fds.size(), -1) < 0 && errno == EINTR) {
    }
    for (size_t i = 0; i < fds.size(); ++i)
      if (fds[i].revents) {
        reap(i);
        return;
      }
    reap(0);
  };
  for (int i = 0; i < count && ok; ++i) {
    if (static_cast<int>(running.size()) >= workers)
      reapOne();
    if (!ok)
      break;
    int ends[2];
    pid_t pid = -1;
    if (::pipe(ends) == 0) {
      pid = ::fork();
      if (pid != 0)
        ::close(ends[1]);
      if (pid < 0)
        ::close(ends[0]);
    }
    if (pid == 0) {
      ::close(ends[0]);
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
    running.push_back({pid, i, ends[0]});
  }
  while (!running.empty())
    reapOne();
  return ok;
}

/// The constant buffers (weights, packed weights, tables) `pipeline`
/// reads, by name.
std::map<std::string, Halide::Buffer<>>
constantBuffers(const Halide::Pipeline &pipeline) {
  std::vector<Halide::Internal::Function> outputs;
  for (const Halide::Func &f : pipeline.outputs())
    outputs.push_back(f.function());
  std::map<std::string, Halide::Buffer<>> found;
  for (const Halide::Internal::InferredArgument &arg :
       Halide::Internal::infer_arguments(Halide::Internal::Stmt(), outputs))
    if (arg.buffer.defined())
      found.emplace(arg.buffer.name(), arg.buffer);
  return found;
}

uint64_t alignUp(uint64_t n) { return (n + 63) & ~uint64_t(63); }

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
  struct Constant {
    int code = 0, bits = 0;
    uint64_t offset = 0, bytes = 0;
    std::vector<halide_dimension_t> dims;
  };
  std::vector<Constant> constants;
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
    } else if (tag == "constant") {
      Constant c;
      size_t rank = 0;
      if (!(words >> c.code >> c.bits >> c.offset >> rank) || c.code < 0 ||
          c.code > 2 ||
          (c.bits != 8 && c.bits != 16 && c.bits != 32 && c.bits != 64) ||
          rank > 16)
        return bad("malformed line '" + line + "'");
      // Dense, innermost first: each stride is the product of the extents
      // inside it.
      uint64_t elements = 1;
      for (size_t d = 0; d < rank; ++d) {
        halide_dimension_t dim{0, 0, 0, 0};
        if (!(words >> dim.min >> dim.extent) || dim.extent < 0)
          return bad("malformed line '" + line + "'");
        if (elements > uint64_t(INT32_MAX))
          return bad("constant buffer too large in line '" + line + "'");
        dim.stride = static_cast<int32_t>(elements);
        elements *= static_cast<uint64_t>(dim.extent);
        c.dims.push_back(dim);
      }
      if (elements > (uint64_t(1) << 37))
        return bad("constant buffer too large in line '" + line + "'");
      c.bytes = elements * static_cast<uint64_t>(c.bits / 8);
      constants.push_back(std::move(c));
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
                 : arg[0] == 'c' ? Argument::Constant
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
                     : a.kind == Argument::Constant
                         ? constants.size()
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

  // The constant buffers, mapped from weights.bin.
  std::string dataPath = entry + "/weights.bin";
  int fd = ::open(dataPath.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = dataPath + ": cannot open: " + std::strerror(errno);
    return nullptr;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    error = dataPath + ": not a regular file";
    return nullptr;
  }
  uint64_t fileBytes = static_cast<uint64_t>(st.st_size);
  for (const Constant &c : constants)
    if (c.offset % 64 != 0 || c.offset > fileBytes ||
        c.bytes > fileBytes - c.offset) {
      ::close(fd);
      error = dataPath + ": expected " + std::to_string(c.bytes) +
              " bytes at offset " + std::to_string(c.offset) +
              (c.offset % 64 ? " (not 64-byte aligned)" : "") +
              ", found a file of " + std::to_string(fileBytes) + " bytes";
      return nullptr;
    }
  if (fileBytes > 0) {
    void *base = ::mmap(nullptr, fileBytes, PROT_READ, MAP_PRIVATE, fd, 0);
    if (base == MAP_FAILED) {
      ::close(fd);
      error = dataPath + ": cannot map: " + std::strerror(errno);
      return nullptr;
    }
    net->constantData.base = base;
    net->constantData.size = fileBytes;
  }
  ::close(fd);
  for (Constant &c : constants) {
    char *data = static_cast<char *>(net->constantData.base);
    net->constants.emplace_back(
        Halide::Type(static_cast<halide_type_code_t>(c.code), c.bits, 1),
        data ? data + c.offset : nullptr, static_cast<int>(c.dims.size()),
        c.dims.data());
  }

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
  std::string runtime = runtimeObjectPath(dir, built.target);
  bool compileRuntime = !llvm::sys::fs::exists(runtime);
  if (compileRuntime) {
    if (std::error_code ec = llvm::sys::fs::create_directories(
            llvm::sys::path::parent_path(runtime))) {
      error = llvm::sys::path::parent_path(runtime).str() + ": " +
              ec.message();
      return nullptr;
    }
  }

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
  int constantCount = 0;
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
  // The constant buffers become arguments of the pipelines that read them
  // (a Buffer in the argument list is not embedded in the object) and go to
  // weights.bin.
  std::string constantBytes;
  std::vector<std::vector<Halide::Argument>> unitArgs;
  for (auto [s, unit] : llvm::enumerate(units)) {
    unitArgs.push_back(unit.pipeline.infer_arguments());
    for (auto &[name, buffer] : constantBuffers(unit.pipeline)) {
      unitArgs.back().push_back(Halide::Argument(buffer));
      if (bufferNames.count(name))
        continue;
      Halide::Buffer<> dense = buffer;
      bool isDense = true;
      int64_t stride = 1;
      for (int d = 0; d < buffer.dimensions(); ++d) {
        isDense = isDense && buffer.dim(d).stride() == stride;
        stride *= buffer.dim(d).extent();
      }
      if (!isDense)
        dense = buffer.copy();
      uint64_t offset = alignUp(constantBytes.size());
      constantBytes.resize(offset, '\0');
      constantBytes.append(static_cast<const char *>(dense.data()),
                           dense.size_in_bytes());
      std::string line = "constant " +
                         std::to_string(dense.type().code()) + " " +
                         std::to_string(dense.type().bits()) + " " +
                         std::to_string(offset) + " " +
                         std::to_string(dense.dimensions());
      for (int d = 0; d < dense.dimensions(); ++d)
        line += " " + std::to_string(dense.dim(d).min()) + " " +
                std::to_string(dense.dim(d).extent());
      meta += line + "\n";
      bufferNames[name] = "c" + std::to_string(constantCount++);
    }
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
  // The runtime, when this cache has none yet for the target, is one more
  // unit compiled alongside the pipelines.
  int unitCount = static_cast<int>(units.size());
  std::string runtimeScratch = scratch + "/runtime.o";
  if (!compileUnits(unitCount + compileRuntime, threads, scratch,
                    [&](int s) {
                      if (s == unitCount) {
                        Halide::compile_standalone_runtime(
                            runtimeScratch, runtimeTarget(built.target));
                        return;
                      }
                      std::string name = "sslc_segment_" + std::to_string(s);
                      units[s].pipeline.compile_to_object(
                          scratch + "/" + name + ".o", unitArgs[s], name,
                          target);
                    },
                    error)) {
    cleanup();
    return nullptr;
  }
  if (compileRuntime) {
    // Another process may have stored it meanwhile: either copy will do.
    std::string ignored;
    if (!renameIntoPlace(runtimeScratch, runtime, ignored) &&
        !llvm::sys::fs::exists(runtime)) {
      cleanup();
      error = runtime + ": " + ignored;
      return nullptr;
    }
  }
  linkArgs.push_back(runtime);
  for (const char *lib : {"-lpthread", "-ldl", "-lm"})
    linkArgs.push_back(lib);
  if (!runProgram(cc, linkArgs, scratch + "/link.log", error) ||
      !writeFileAtomically(scratch + "/weights.bin", constantBytes, error) ||
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

CachedNetwork::Mapping::~Mapping() {
  if (base)
    ::munmap(base, size);
}

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
          a.kind == Argument::Input      ? in[a.index].raw_buffer()
          : a.kind == Argument::Output   ? out[a.index].raw_buffer()
          : a.kind == Argument::Constant ? constants[a.index].raw_buffer()
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
