//===- TrainStep.cpp - JIT-compiled train step and inference --------------===//
#include "codegen/BuildPipeline.h"
#include "codegen/RunContext.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

#include <cstring>

using namespace mlir;

namespace sslc::codegen {

struct TrainStep::Impl {
  BuiltPipeline step, inference;
  Halide::Target jitTarget;
  BufferPool pool;
  std::unique_ptr<ThreadPool> threads;
  RunContext context;
  std::vector<int64_t> batchShape;
  ModelState initial;
  /// Where the step writes each updated state tensor; swapped with the
  /// caller's tensor after the step, so its buffers alternate.
  ModelState next;
};

namespace {

/// Binds the state inputs (every input after the first `first`) of `net`.
bool bindState(LoweredNetwork &net, size_t first, const ModelState &state,
               std::string &error) {
  for (size_t i = first; i < net.inputs.size(); ++i) {
    const std::string &name = net.inputGlobals[i];
    auto it = state.find(name);
    if (it == state.end()) {
      error = "state has no tensor '" + name + "'";
      return false;
    }
    if (it->second.shape != net.inputShapes[i]) {
      error = "state tensor '" + name + "' expects shape " +
              shapeToString(net.inputShapes[i]) + ", got " +
              shapeToString(it->second.shape);
      return false;
    }
    net.inputs[i].set(tensorView(it->second));
  }
  return true;
}

/// The initial value of global `name` of `module` as a tensor.
FailureOr<Tensor> initialValue(ModuleOp module, const std::string &name) {
  auto global = module.lookupSymbol<ml_program::GlobalOp>(name);
  if (!global || !global.getValue() || !isa<ElementsAttr>(*global.getValue()))
    return module.emitError()
           << "expects global @" << name << " to have an initial value";
  auto attr = cast<ElementsAttr>(*global.getValue());
  Halide::Buffer<float> buf = LoweringContext::toBuffer(attr, name);
  if (!buf.defined())
    return global.emitOpError() << "has an initial value sslc cannot read";
  Tensor t(std::vector<int64_t>(cast<ShapedType>(attr.getType()).getShape()));
  std::memcpy(t.data.data(), buf.data(), t.data.size() * sizeof(float));
  return t;
}

} // namespace

TrainStep::TrainStep(std::unique_ptr<Impl> impl) : impl(std::move(impl)) {}
TrainStep::~TrainStep() = default;

FailureOr<std::unique_ptr<TrainStep>>
TrainStep::compile(ModuleOp module, const TrainStepOptions &options) {
  auto stepFn = module.lookupSymbol<func::FuncOp>(options.step);
  auto inferFn = module.lookupSymbol<func::FuncOp>(options.inference);
  if (!stepFn || !inferFn)
    return module.emitError()
           << "expects a train step @" << options.step
           << " and an inference function @" << options.inference;
  auto argType = [](func::FuncOp fn, unsigned i) {
    return cast<RankedTensorType>(fn.getArgumentTypes()[i]);
  };
  if (stepFn.getNumArguments() != 3 || stepFn.getNumResults() != 1 ||
      !argType(stepFn, 1).getElementType().isInteger(64) ||
      argType(stepFn, 2).getRank() != 0)
    return stepFn.emitOpError()
           << "expects (images, i64 labels, scalar lr) -> loss";
  if (inferFn.getNumArguments() != 1 || inferFn.getNumResults() != 1 ||
      argType(inferFn, 0) != argType(stepFn, 0))
    return inferFn.emitOpError()
           << "expects one argument of the step's image type and one result";

  auto impl = std::make_unique<Impl>();
  CompileOptions compile;
  compile.target = options.target;
  compile.threads = options.threads;
  compile.parametersAsInputs = true;
  compile.maxStagesPerPipeline = options.maxStagesPerPipeline;
  compile.entry = options.step;
  FailureOr<BuiltPipeline> step =
      buildPipeline(module, compile, /*forJit=*/true);
  if (failed(step))
    return failure();
  compile.entry = options.inference;
  FailureOr<BuiltPipeline> inference =
      buildPipeline(module, compile, /*forJit=*/true);
  if (failed(inference))
    return failure();
  impl->step = std::move(*step);
  impl->inference = std::move(*inference);
  impl->batchShape = impl->step.net.inputShapes[0];

  for (LoweredNetwork *net : {&impl->step.net, &impl->inference.net}) {
    for (const std::string &name : net->inputGlobals)
      if (!name.empty() && !impl->initial.count(name)) {
        FailureOr<Tensor> value = initialValue(module, name);
        if (failed(value))
          return failure();
        impl->initial[name] = std::move(*value);
      }
  }
  for (const std::string &name : impl->step.net.outputGlobals)
    if (!name.empty() && !impl->initial.count(name))
      return stepFn.emitOpError()
             << "stores @" << name << " without loading it";

  impl->jitTarget = impl->step.target.with_feature(Halide::Target::JIT);
  if (options.threads > 0)
    impl->threads = std::make_unique<ThreadPool>(options.threads);
  impl->context.install(&impl->pool, impl->threads.get());
  if (failed(catchHalideErrors(module, "JIT compilation", [&] {
        impl->step.compileJit(impl->jitTarget);
        impl->inference.compileJit(impl->jitTarget);
      })))
    return failure();
  return std::unique_ptr<TrainStep>(new TrainStep(std::move(impl)));
}

const std::vector<int64_t> &TrainStep::batchShape() const {
  return impl->batchShape;
}

const ModelState &TrainStep::initialState() const { return impl->initial; }

int TrainStep::stepPipelineCount() const { return impl->step.pipelineCount(); }

bool TrainStep::step(const Tensor &images, const std::vector<int64_t> &labels,
                     float lr, ModelState &state, float &loss,
                     std::string &error) {
  LoweredNetwork &net = impl->step.net;
  if (images.shape != impl->batchShape) {
    error = "images: expected shape " + shapeToString(impl->batchShape) +
            ", got " + shapeToString(images.shape);
    return false;
  }
  if (static_cast<int64_t>(labels.size()) != impl->batchShape[0]) {
    error = "expected " + std::to_string(impl->batchShape[0]) +
            " labels, got " + std::to_string(labels.size());
    return false;
  }
  float lrValue = lr;
  std::vector<Halide::Buffer<void>> outputs;
  std::string thrown;
  try {
    net.inputs[0].set(tensorView(images));
    net.inputs[1].set(Halide::Buffer<int64_t>(
        const_cast<int64_t *>(labels.data()),
        std::vector<int>{static_cast<int>(labels.size())}));
    net.inputs[2].set(Halide::Buffer<float>(&lrValue, std::vector<int>{}));
    if (!bindState(net, 3, state, error))
      return false;
    for (size_t i = 0; i < net.outputs.size(); ++i) {
      const std::string &name = net.outputGlobals[i];
      if (name.empty()) {
        outputs.push_back(Halide::Buffer<float>(&loss, std::vector<int>{}));
        continue;
      }
      Tensor &t = impl->next[name];
      // A default Tensor has a scalar's shape but no element.
      if (t.shape != net.outputShapes[i] || t.data.empty())
        t = Tensor(net.outputShapes[i]);
      outputs.push_back(tensorView(t));
    }
    impl->step.realize(&impl->context, outputs, impl->jitTarget);
    for (Halide::Buffer<void> &b : outputs)
      b.copy_to_host();
  } catch (const Halide::Error &e) {
    thrown = e.what();
  }
  error = impl->context.failureAfterRun(thrown);
  if (!error.empty())
    return false;
  for (const std::string &name : net.outputGlobals)
    if (!name.empty())
      std::swap(state[name], impl->next[name]);
  return true;
}

bool TrainStep::infer(const Tensor &images, const ModelState &state,
                      Tensor &scores, std::string &error) {
  LoweredNetwork &net = impl->inference.net;
  if (images.shape != impl->batchShape) {
    error = "images: expected shape " + shapeToString(impl->batchShape) +
            ", got " + shapeToString(images.shape);
    return false;
  }
  if (scores.shape != net.outputShapes[0])
    scores = Tensor(net.outputShapes[0]);
  std::string thrown;
  try {
    net.inputs[0].set(tensorView(images));
    if (!bindState(net, 1, state, error))
      return false;
    Halide::Buffer<float> out = tensorView(scores);
    std::vector<Halide::Buffer<void>> outputs{out};
    impl->inference.realize(&impl->context, outputs, impl->jitTarget);
    out.copy_to_host();
  } catch (const Halide::Error &e) {
    thrown = e.what();
  }
  error = impl->context.failureAfterRun(thrown);
  return error.empty();
}

} // namespace sslc::codegen
