//===- Model.cpp - loading, inspecting and pruning networks ---------------===//
#include "api/lib/Session.h"
#include "passes/Pipelines/Pipelines.h"
#include "frontends/ModelLoader.h"
#include "frontends/Weights.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

namespace sslc {

using api::Session;

Model::Model(std::shared_ptr<const Impl> impl) : impl(std::move(impl)) {}
Model::~Model() = default;
Model::Model(const Model &) = default;
Model &Model::operator=(const Model &) = default;
Model::Model(Model &&) noexcept = default;
Model &Model::operator=(Model &&) noexcept = default;

namespace {

/// A copy of `m` in the same session, to transform.
std::shared_ptr<Model::Impl> cloneImpl(const Model::Impl &m) {
  auto copy = std::make_shared<Model::Impl>();
  copy->session = m.session;
  copy->module = m.module->clone();
  copy->source = m.source;
  copy->pruned = m.pruned;
  return copy;
}

void applyFile(mlir::ModuleOp module,
               const TensorFile &file, const std::string &name,
               ErrorKind kind) {
  std::string error;
  if (!applyWeights(module, file, name, error))
    throw Error(kind, error);
}

} // namespace

Model Model::load(const std::string &spec, const LoadOptions &options) {
  if (options.batch < 1)
    throw Error(ErrorKind::InvalidArgument,
                "option 'batch' expects an integer >= 1, got '" +
                    std::to_string(options.batch) + "'");
  auto impl = std::make_shared<Impl>();
  impl->session = std::make_shared<Session>();
  impl->source = spec;
  Session::Call call(*impl->session);
  ZooOptions zoo;
  zoo.batch = options.batch;
  zoo.sampleShape = options.sampleShape;
  impl->module = loadModel(impl->session->context(), spec, zoo);
  if (!impl->module)
    call.fail(ErrorKind::Load, spec + ": cannot load the model");
  if (!options.weights.empty()) {
    TensorFile file;
    std::string error;
    if (!readSafetensors(options.weights, file, error))
      throw Error(ErrorKind::Load, error);
    applyFile(*impl->module, file, options.weights, ErrorKind::Load);
  }
  return Model(std::move(impl));
}

const std::string &Model::source() const { return impl->source; }

std::vector<TensorInfo> Model::inputs() const {
  Session::Call call(*impl->session);
  return api::signatureOf(*impl->module, /*results=*/false);
}

std::vector<TensorInfo> Model::outputs() const {
  Session::Call call(*impl->session);
  return api::signatureOf(*impl->module, /*results=*/true);
}

std::vector<TensorInfo> Model::parameters() const {
  Session::Call call(*impl->session);
  std::vector<TensorInfo> infos;
  impl->module->walk([&](mlir::ml_program::GlobalOp g) {
    if (!g.getValue())
      return;
    auto type = llvm::dyn_cast<mlir::RankedTensorType>(g.getType());
    if (!type || !type.getElementType().isF32())
      return;
    infos.push_back({g.getSymName().str(),
                     {type.getShape().begin(), type.getShape().end()}});
  });
  return infos;
}

HostTensor Model::parameter(const std::string &name) const {
  Session::Call call(*impl->session);
  TensorFile all = collectWeights(*impl->module);
  auto it = all.tensors.find(name);
  if (it == all.tensors.end())
    throw Error(ErrorKind::InvalidArgument,
                impl->source + ": no parameter named '" + name + "'");
  return {std::move(it->second.shape), std::move(it->second.data)};
}

Model Model::withWeights(
    const std::map<std::string, ConstTensorRef> &weights) const {
  Session::Call call(*impl->session);
  TensorFile file;
  for (const auto &[name, ref] : weights) {
    Tensor t(ref.shape);
    if (t.numElements() > 0 && !ref.data)
      throw Error(ErrorKind::InvalidArgument,
                  "weights: parameter '" + name + "' has no data");
    std::copy(ref.data, ref.data + t.numElements(), t.data.begin());
    file.tensors[name] = std::move(t);
  }
  std::shared_ptr<Impl> copy = cloneImpl(*impl);
  applyFile(*copy->module, file, "weights", ErrorKind::InvalidArgument);
  return Model(std::move(copy));
}

Model Model::withWeights(const std::string &path) const {
  Session::Call call(*impl->session);
  TensorFile file;
  std::string error;
  if (!readSafetensors(path, file, error))
    throw Error(ErrorKind::Load, error);
  std::shared_ptr<Impl> copy = cloneImpl(*impl);
  applyFile(*copy->module, file, path, ErrorKind::Load);
  return Model(std::move(copy));
}

Model Model::prune() const {
  Session::Call call(*impl->session);
  std::shared_ptr<Impl> copy = cloneImpl(*impl);
  mlir::PassManager pm(impl->session->context());
  buildPruningPipeline(pm, PruningPipelineOptions());
  if (mlir::failed(pm.run(*copy->module)))
    call.fail(ErrorKind::Pipeline, impl->source + ": pruning failed");
  copy->pruned = true;
  return Model(std::move(copy));
}

bool Model::isPruned() const { return impl->pruned; }

std::string Model::mlir() const {
  Session::Call call(*impl->session);
  std::string text;
  llvm::raw_string_ostream os(text);
  impl->module->print(os);
  return text;
}

std::string Model::inferenceMlir() const {
  Session::Call call(*impl->session);
  mlir::OwningOpRef<mlir::ModuleOp> inference =
      api::lowerToInference(*impl, call);
  std::string text;
  llvm::raw_string_ostream os(text);
  inference->print(os);
  return text;
}

std::vector<std::string> zooNames() { return zooModelNames(); }

} // namespace sslc
