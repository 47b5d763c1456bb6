//===- CompiledModel.cpp - JIT code run on the caller's memory, AOT export ===//
//
// The codegen's pipeline builder and run context, driven with buffers that
// wrap the caller's pointers: no tensor is copied in or out. Halide errors
// raised while JIT code runs are recorded by the context's error handler
// and thrown after the pipeline has returned, never through JIT frames.
//
//===----------------------------------------------------------------------===//
#include "api/lib/Session.h"
#include "codegen/BuildPipeline.h"
#include "codegen/CompileCache.h"
#include "codegen/RunContext.h"
#include "codegen/Target.h"
#include "passes/Pipelines/Pipelines.h"

#include "runtime/FileUtil.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include <filesystem>

namespace sslc {
namespace {

/// emitAOT's scratch directory comes from llvm::sys::fs::
/// createUniqueDirectory, which puts a relative path under the system temp
/// directory ("out/.NAME.tmp" -> "/tmp/out/..."): resolve it first.
void emitLibrary(mlir::ModuleOp inference, const std::string &target,
                 ExportKind kind, const std::string &prefix,
                 const api::Session::Call &call) {
  if (kind == ExportKind::Mlir) {
    std::string text, error;
    llvm::raw_string_ostream os(text);
    inference.print(os);
    if (!writeFileAtomically(prefix + ".mlir", text, error))
      throw Error(ErrorKind::Export, error);
    return;
  }
  codegen::CompileOptions codegenOptions;
  codegenOptions.target = target;
  std::string absolute = prefix;
  if (!prefix.empty() && prefix.front() != '/') {
    std::error_code ec;
    std::filesystem::path full = std::filesystem::absolute(prefix, ec);
    if (!ec)
      absolute = full.string();
  }
  if (mlir::failed(codegen::emitAOT(
          inference, codegenOptions,
          kind == ExportKind::Object ? codegen::EmitKind::Object
                                     : codegen::EmitKind::StaticLibrary,
          absolute)))
    call.fail(ErrorKind::Export, prefix + ": export failed");
}

} // namespace

namespace api {

mlir::OwningOpRef<mlir::ModuleOp> lowerToInference(const Model::Impl &m,
                                                   const Session::Call &call) {
  mlir::OwningOpRef<mlir::ModuleOp> inference = m.module->clone();
  mlir::PassManager pm(m.session->context());
  buildInferencePipeline(pm, InferencePipelineOptions());
  if (mlir::failed(pm.run(*inference)))
    call.fail(ErrorKind::Pipeline,
              m.source + ": the inference pipeline failed");
  return inference;
}

} // namespace api

struct CompiledModel::Impl {
  std::shared_ptr<api::Session> session;
  /// The Inference IR, kept for exportLibrary.
  mlir::OwningOpRef<mlir::ModuleOp> inference;
  CompileOptions options;
  std::vector<TensorInfo> inputs, outputs;
  codegen::BuiltPipeline built;
  Halide::Target jitTarget;
  /// Set when the code came from (or was just stored in) the compile
  /// cache; `built` is then unused.
  std::unique_ptr<codegen::CachedNetwork> cached;
  bool cacheHit = false;
  codegen::BufferPool pool;
  std::unique_ptr<codegen::ThreadPool> threads;
  codegen::RunContext context;
  std::mutex runMutex;
};

CompiledModel::CompiledModel(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
CompiledModel::~CompiledModel() = default;
CompiledModel::CompiledModel(CompiledModel &&) noexcept = default;
CompiledModel &CompiledModel::operator=(CompiledModel &&) noexcept = default;

CompiledModel CompiledModel::compile(const Model &model,
                                     const CompileOptions &options) {
  api::checkThreads(options.threads);
  if (std::string e = codegen::validateTarget(options.target); !e.empty())
    throw Error(ErrorKind::InvalidArgument, e);
  const Model::Impl &m = *model.impl;
  auto impl = std::make_unique<Impl>();
  impl->session = m.session;
  impl->options = options;
  api::Session::Call call(*m.session);
  impl->inference = api::lowerToInference(m, call);
  impl->inputs = api::signatureOf(*impl->inference, /*results=*/false);
  impl->outputs = api::signatureOf(*impl->inference, /*results=*/true);

  codegen::CompileOptions codegenOptions;
  codegenOptions.target = options.target;
  codegenOptions.threads = options.threads;
  codegenOptions.splitDeepNetworks = true;
  // run() checks every input and output shape before the code sees it, and
  // the code allocates only sizes fixed at compile time: Halide's run-time
  // checks would only double the compile time.
  codegenOptions.runtimeAsserts = false;
  if (options.threads > 0)
    impl->threads = std::make_unique<codegen::ThreadPool>(options.threads);
  impl->context.install(&impl->pool, impl->threads.get());

  std::string cacheDir = options.cacheDir == "off" ? std::string()
                         : options.cacheDir.empty() ? codegen::defaultCacheDir()
                                                    : options.cacheDir;
  std::string cacheKey;
  if (!cacheDir.empty()) {
    std::string error;
    std::optional<Halide::Target> target =
        codegen::parseTarget(options.target, error);
    if (target && codegen::cacheableTarget(*target)) {
      cacheKey = codegen::compileCacheKey(*impl->inference, codegenOptions,
                                          *target);
      impl->cached = codegen::CachedNetwork::load(cacheDir, cacheKey, error);
      if (impl->cached) {
        impl->cacheHit = true;
        return CompiledModel(std::move(impl));
      }
      if (!error.empty())
        llvm::errs() << "sslc: warning: compile cache: " << error
                     << "; compiling again\n";
    }
  }

  // Code for the cache is compiled on every core, as one pipeline per core.
  if (!cacheKey.empty())
    codegenOptions.compileThreads = 0;
  mlir::FailureOr<codegen::BuiltPipeline> built =
      codegen::buildPipeline(*impl->inference, codegenOptions, /*forJit=*/true);
  if (mlir::failed(built))
    call.fail(ErrorKind::Compile, m.source + ": lowering failed");
  impl->built = std::move(*built);
  if (!cacheKey.empty()) {
    std::string error;
    impl->cached = codegen::CachedNetwork::store(
        impl->built, cacheDir, cacheKey,
        codegen::compileThreadCount(codegenOptions), error);
    if (impl->cached)
      return CompiledModel(std::move(impl));
    llvm::errs() << "sslc: warning: compile cache: " << cacheDir << ": "
                 << error << "; compiling in process\n";
  }
  impl->jitTarget = impl->built.target.with_feature(Halide::Target::JIT);
  if (mlir::failed(codegen::catchHalideErrors(
          *impl->inference, "JIT compilation",
          [&] { impl->built.compileJit(impl->jitTarget); },
          &impl->built.net)))
    call.fail(ErrorKind::Compile, m.source + ": JIT compilation failed");
  return CompiledModel(std::move(impl));
}

std::vector<TensorInfo> CompiledModel::inputs() const { return impl->inputs; }
std::vector<TensorInfo> CompiledModel::outputs() const {
  return impl->outputs;
}
const CompileOptions &CompiledModel::options() const { return impl->options; }
int CompiledModel::pipelineCount() const {
  return impl->cached ? impl->cached->pipelineCount()
                      : impl->built.pipelineCount();
}
bool CompiledModel::loadedFromCache() const { return impl->cacheHit; }

void CompiledModel::run(const std::vector<ConstTensorRef> &inputs,
                        const std::vector<TensorRef> &outputs) {
  if (inputs.size() != impl->inputs.size() ||
      outputs.size() != impl->outputs.size())
    throw Error(ErrorKind::InvalidArgument,
                "expected " + std::to_string(impl->inputs.size()) +
                    " input(s) and " + std::to_string(impl->outputs.size()) +
                    " output(s), got " + std::to_string(inputs.size()) +
                    " and " + std::to_string(outputs.size()));
  auto check = [](const TensorInfo &info, const std::vector<int64_t> &shape,
                  const void *data) {
    if (shape != info.shape)
      throw Error(ErrorKind::InvalidArgument,
                  info.name + ": expected shape " + shapeToString(info.shape) +
                      ", found " + shapeToString(shape));
    if (!data)
      throw Error(ErrorKind::InvalidArgument, info.name + ": no data");
  };
  std::vector<const float *> in;
  std::vector<float *> out;
  for (size_t i = 0; i < inputs.size(); ++i) {
    check(impl->inputs[i], inputs[i].shape, inputs[i].data);
    in.push_back(inputs[i].data);
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    check(impl->outputs[i], outputs[i].shape, outputs[i].data);
    out.push_back(outputs[i].data);
  }
  run(in.data(), out.data());
}

std::vector<HostTensor>
CompiledModel::run(const std::vector<ConstTensorRef> &inputs) {
  std::vector<HostTensor> results;
  std::vector<TensorRef> refs;
  for (const TensorInfo &info : impl->outputs)
    results.push_back(
        {info.shape, std::vector<float>(info.numElements())});
  for (HostTensor &t : results)
    refs.push_back({t.data.data(), t.shape});
  run(inputs, refs);
  return results;
}

void CompiledModel::run(const float *const *inputs, float *const *outputs) {
  std::lock_guard<std::mutex> lock(impl->runMutex);
  if (impl->cached) {
    std::string error;
    if (!impl->cached->run(impl->context, inputs, outputs, error))
      throw Error(ErrorKind::Run, "Halide error: " + error);
    return;
  }
  codegen::LoweredNetwork &net = impl->built.net;
  std::string thrown;
  try {
    for (size_t i = 0; i < net.inputs.size(); ++i)
      net.inputs[i].set(Halide::Buffer<float>(
          const_cast<float *>(inputs[i]),
          codegen::halideExtents(net.inputShapes[i])));
    std::vector<Halide::Buffer<void>> views;
    for (size_t i = 0; i < net.outputs.size(); ++i)
      views.push_back(Halide::Buffer<float>(
          outputs[i], codegen::halideExtents(net.outputShapes[i])));
    impl->built.realize(&impl->context, views, impl->jitTarget);
    for (Halide::Buffer<void> &view : views)
      view.copy_to_host();
  } catch (const Halide::Error &e) {
    thrown = e.what();
  } catch (const std::exception &e) {
    thrown = e.what();
  }
  // Drop the views of the caller's memory: nothing keeps its pointers.
  for (Halide::ImageParam &param : net.inputs)
    param.reset();
  if (std::string failure = impl->context.failureAfterRun(thrown);
      !failure.empty())
    throw Error(ErrorKind::Run, failure);
}

void CompiledModel::exportLibrary(const std::string &prefix,
                                  ExportKind kind) const {
  api::Session::Call call(*impl->session);
  emitLibrary(*impl->inference, impl->options.target, kind, prefix, call);
}

void exportLibrary(const Model &model, const std::string &prefix,
                   const ExportOptions &options) {
  if (std::string e = codegen::validateTarget(options.target); !e.empty())
    throw Error(ErrorKind::InvalidArgument, e);
  const Model::Impl &m = *model.impl;
  api::Session::Call call(*m.session);
  mlir::OwningOpRef<mlir::ModuleOp> inference = api::lowerToInference(m, call);
  emitLibrary(*inference, options.target, options.kind, prefix, call);
}

} // namespace sslc
