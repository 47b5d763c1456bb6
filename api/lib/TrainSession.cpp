//===- TrainSession.cpp - sslc's SSL train step, one step at a time -------===//
#include "api/lib/Session.h"
#include "codegen/Codegen.h"
#include "frontends/Weights.h"
#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"

namespace sslc {

struct TrainSession::Impl {
  std::shared_ptr<api::Session> session;
  /// The model trained, for model(): its parameters are those of `state`.
  std::shared_ptr<const Model::Impl> source;
  mlir::OwningOpRef<mlir::ModuleOp> training;
  std::unique_ptr<codegen::TrainStep> step;
  ModelState state;
  std::vector<int64_t> batchShape;
};

TrainSession::TrainSession(std::unique_ptr<Impl> impl)
    : impl(std::move(impl)) {}
TrainSession::~TrainSession() = default;
TrainSession::TrainSession(TrainSession &&) noexcept = default;
TrainSession &TrainSession::operator=(TrainSession &&) noexcept = default;

namespace {

/// --ssl's mapping onto the pass options: a kind sets its field, a
/// "LAYER.KIND" goes to the per-layer list the pass checks.
void applySsl(const std::map<std::string, float> &ssl,
              DeriveTrainStepPassOptions &pass) {
  for (const auto &[key, lambda] : ssl) {
    if (!(lambda >= 0.0f))
      throw Error(ErrorKind::InvalidArgument,
                  "ssl: " + key + " expects a number >= 0, got " +
                      std::to_string(lambda));
    if (float *field = groupLambdaOption(pass, key)) {
      *field = lambda;
      continue;
    }
    if (key.find('.') == std::string::npos)
      throw Error(ErrorKind::InvalidArgument,
                  "ssl: expected [LAYER.]KIND with KIND one of " +
                      kGroupLambdaKinds.str() + ", got '" + key + "'");
    pass.layerLambdas.push_back(key + "=" + std::to_string(lambda));
  }
}

} // namespace

TrainSession TrainSession::compile(const Model &model,
                                   const TrainStepOptions &options) {
  api::checkThreads(options.threads);
  if (!(options.momentum >= 0.0f && options.momentum < 1.0f))
    throw Error(ErrorKind::InvalidArgument,
                "option 'momentum' expects a number in [0, 1), got " +
                    std::to_string(options.momentum));
  if (!(options.weightDecay >= 0.0f) || !(options.zeroThreshold >= 0.0f))
    throw Error(ErrorKind::InvalidArgument,
                "options 'weightDecay' and 'zeroThreshold' expect numbers "
                ">= 0");
  DeriveTrainStepPassOptions pass;
  applySsl(options.ssl, pass);
  api::applySslUpdate(options.sslUpdate, "sslUpdate:", pass);
  if (!options.finetune.empty())
    api::applyFinetune(options.finetune, "finetune:", pass);
  pass.momentum = options.momentum;
  pass.weightDecay = options.weightDecay;
  pass.zeroThreshold = options.zeroThreshold;

  const Model::Impl &m = *model.impl;
  auto impl = std::make_unique<Impl>();
  impl->session = m.session;
  impl->source = model.impl;
  api::Session::Call call(*m.session);
  impl->training = m.module->clone();
  mlir::PassManager pm(m.session->context());
  pm.addPass(createDeriveTrainStepPass(pass));
  if (mlir::failed(pm.run(*impl->training)))
    call.fail(ErrorKind::Pipeline,
              m.source + ": deriving the train step failed");
  codegen::TrainStepOptions compile;
  compile.threads = options.threads;
  auto step = codegen::TrainStep::compile(*impl->training, compile);
  if (mlir::failed(step))
    call.fail(ErrorKind::Compile,
              m.source + ": compiling the train step failed");
  impl->step = std::move(*step);
  impl->state = impl->step->initialState();
  impl->batchShape = impl->step->batchShape();
  return TrainSession(std::move(impl));
}

float TrainSession::step(const ConstTensorRef &images,
                         const std::vector<int64_t> &labels, float lr) {
  if (images.shape != impl->batchShape)
    throw Error(ErrorKind::InvalidArgument,
                "images: expected shape " + shapeToString(impl->batchShape) +
                    ", found " + shapeToString(images.shape));
  if (!images.data)
    throw Error(ErrorKind::InvalidArgument, "images: no data");
  if (static_cast<int64_t>(labels.size()) != impl->batchShape[0])
    throw Error(ErrorKind::InvalidArgument,
                "labels: expected " + std::to_string(impl->batchShape[0]) +
                    " class indices, found " + std::to_string(labels.size()));
  if (!(lr > 0.0f))
    throw Error(ErrorKind::InvalidArgument,
                "lr: expected a number > 0, got " + std::to_string(lr));
  Tensor batch(images.shape);
  std::copy(images.data, images.data + batch.numElements(), batch.data.begin());
  float loss = 0;
  std::string error;
  if (!impl->step->step(batch, labels, lr, impl->state, loss, error))
    throw Error(ErrorKind::Run, error);
  return loss;
}

std::vector<TensorInfo> TrainSession::state() const {
  std::vector<TensorInfo> infos;
  for (const auto &[name, t] : impl->state)
    infos.push_back({name, t.shape});
  return infos;
}

HostTensor TrainSession::state(const std::string &name) const {
  auto it = impl->state.find(name);
  if (it == impl->state.end())
    throw Error(ErrorKind::InvalidArgument,
                "state: no tensor named '" + name + "'");
  return {it->second.shape, it->second.data};
}

Model TrainSession::model() const {
  api::Session::Call call(*impl->session);
  auto copy = std::make_shared<Model::Impl>();
  copy->session = impl->session;
  copy->module = impl->source->module->clone();
  copy->source = impl->source->source;
  TensorFile params = collectWeights(*copy->module);
  for (auto &[name, t] : params.tensors)
    if (auto it = impl->state.find(name); it != impl->state.end())
      t = it->second;
  std::string error;
  if (!applyWeights(*copy->module, params, "state", error))
    throw Error(ErrorKind::Run, error);
  return Model(std::move(copy));
}

} // namespace sslc
