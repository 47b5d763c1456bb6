//===- JIT.cpp - in-process compilation and execution ---------------------===//
#include "codegen/BuildPipeline.h"
#include "codegen/RunContext.h"

using namespace mlir;

namespace sslc::codegen {

struct Executable::Impl {
  BuiltPipeline built;
  Halide::Target jitTarget;
  BufferPool pool;
  std::unique_ptr<ThreadPool> threads;
  RunContext context;
  /// Output buffers are kept between runs and realized into, so a run with
  /// unchanged output tensors sets up nothing new.
  std::vector<Halide::Buffer<float>> outputViews;
};

Executable::Executable(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
Executable::~Executable() = default;

FailureOr<std::unique_ptr<Executable>>
Executable::compile(ModuleOp module, const CompileOptions &options) {
  FailureOr<BuiltPipeline> built =
      buildPipeline(module, options, /*forJit=*/true);
  if (failed(built))
    return failure();
  auto impl = std::make_unique<Impl>();
  impl->built = std::move(*built);
  impl->jitTarget = impl->built.target.with_feature(Halide::Target::JIT);
  if (options.threads > 0)
    impl->threads = std::make_unique<ThreadPool>(options.threads);
  impl->context.install(&impl->pool, impl->threads.get());
  if (failed(catchHalideErrors(module, "JIT compilation", [&] {
        impl->built.compileJit(impl->jitTarget);
      }, &impl->built.net)))
    return failure();
  return std::unique_ptr<Executable>(new Executable(std::move(impl)));
}

const std::vector<std::vector<int64_t>> &Executable::inputShapes() const {
  return impl->built.net.inputShapes;
}
const std::vector<std::vector<int64_t>> &Executable::outputShapes() const {
  return impl->built.net.outputShapes;
}

size_t Executable::pooledBytes() const { return impl->pool.reservedBytes(); }

int Executable::pipelineCount() const { return impl->built.pipelineCount(); }

bool Executable::run(const std::vector<const Tensor *> &inputs,
                     const std::vector<Tensor *> &outputs,
                     std::string &error) {
  LoweredNetwork &net = impl->built.net;
  if (inputs.size() != net.inputs.size() ||
      outputs.size() != net.outputs.size()) {
    error = "expected " + std::to_string(net.inputs.size()) + " input(s) and " +
            std::to_string(net.outputs.size()) + " output(s), got " +
            std::to_string(inputs.size()) + " and " +
            std::to_string(outputs.size());
    return false;
  }
  for (size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i]->shape != net.inputShapes[i]) {
      error = "input #" + std::to_string(i) + " expects shape " +
              shapeToString(net.inputShapes[i]) + ", got " +
              shapeToString(inputs[i]->shape);
      return false;
    }
  }
  bool reuse = impl->outputViews.size() == outputs.size();
  for (size_t i = 0; i < outputs.size() && reuse; ++i)
    reuse = impl->outputViews[i].data() == outputs[i]->data.data() &&
            outputs[i]->shape == net.outputShapes[i];
  if (!reuse) {
    impl->outputViews.clear();
    for (size_t i = 0; i < outputs.size(); ++i) {
      if (outputs[i]->shape != net.outputShapes[i])
        *outputs[i] = Tensor(net.outputShapes[i]);
      impl->outputViews.emplace_back(outputs[i]->data.data(),
                                     halideExtents(net.outputShapes[i]));
    }
  }
  std::string thrown;
  try {
    for (size_t i = 0; i < inputs.size(); ++i)
      net.inputs[i].set(tensorView(*inputs[i]));
    std::vector<Halide::Buffer<void>> views(impl->outputViews.begin(),
                                            impl->outputViews.end());
    impl->built.realize(&impl->context, views, impl->jitTarget);
    for (Halide::Buffer<float> &view : impl->outputViews)
      view.copy_to_host();
  } catch (const Halide::Error &e) {
    thrown = e.what();
  }
  error = impl->context.failureAfterRun(thrown);
  return error.empty();
}

} // namespace sslc::codegen
