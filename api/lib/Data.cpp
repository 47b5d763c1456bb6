//===- Data.cpp - .npy tensors, data sets and test-set evaluation ---------===//
#include "api/lib/Session.h"

#include "runtime/Npy.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <chrono>

namespace sslc {

HostTensor readNpy(const std::string &path) {
  Tensor t;
  std::string error;
  if (!sslc::readNpy(path, t, error))
    throw Error(ErrorKind::Load, error);
  return {std::move(t.shape), std::move(t.data)};
}

void writeNpy(const std::string &path, const ConstTensorRef &tensor) {
  Tensor t(tensor.shape);
  if (t.numElements() > 0 && !tensor.data)
    throw Error(ErrorKind::InvalidArgument, path + ": no data to write");
  std::copy(tensor.data, tensor.data + t.numElements(), t.data.begin());
  std::string error;
  if (!sslc::writeNpy(path, t, error))
    throw Error(ErrorKind::Export, error);
}

namespace api {

Dataset loadData(const std::string &spec, Split split, ErrorKind kind) {
  Dataset data;
  std::string error;
  bool ok;
  if (spec == "mnist")
    ok = loadMnist(mnistCacheDir(), split, data, error);
  else if (spec == "fashion-mnist")
    ok = loadMnist(kFashionMnistDir, split, data, error);
  else if (llvm::StringRef(spec).starts_with("cifar10:"))
    ok = loadCifar10(spec.substr(8), split, data, error);
  else
    throw Error(ErrorKind::InvalidArgument,
                "option '--dataset' expects mnist, fashion-mnist or "
                "cifar10:DIR, got '" +
                    spec + "'");
  if (!ok)
    throw Error(kind, error);
  return data;
}

} // namespace api

ImageDataset loadDataset(const std::string &spec, DatasetSplit split) {
  Dataset data = api::loadData(
      spec, split == DatasetSplit::Train ? Split::Train : Split::Test,
      ErrorKind::Load);
  ImageDataset out;
  out.images = {std::move(data.images.shape), std::move(data.images.data)};
  out.labels = std::move(data.labels);
  return out;
}

Evaluation evaluate(CompiledModel &model, const ImageDataset &data) {
  std::vector<TensorInfo> inputs = model.inputs(), outputs = model.outputs();
  if (inputs.size() != 1 || outputs.size() != 1)
    throw Error(ErrorKind::InvalidArgument,
                "evaluation expects a model with one input and one output, "
                "found " +
                    std::to_string(inputs.size()) + " and " +
                    std::to_string(outputs.size()));
  const std::vector<int64_t> &inShape = inputs[0].shape;
  const int64_t samples = data.size();
  const int64_t batch = inShape.empty() ? 0 : inShape[0];
  const int64_t perImage = batch > 0 ? inputs[0].numElements() / batch : 0;
  const int64_t imageSize =
      samples > 0 ? static_cast<int64_t>(data.images.data.size()) / samples
                  : 0;
  if (samples == 0)
    throw Error(ErrorKind::InvalidArgument, "the data set holds no images");
  if (perImage != imageSize ||
      static_cast<int64_t>(data.images.data.size()) != samples * imageSize)
    throw Error(ErrorKind::InvalidArgument,
                "model input " + shapeToString(inShape) +
                    " does not take images of " + std::to_string(imageSize) +
                    " values");
  const int64_t outputs0 = outputs[0].numElements();
  const int64_t classes = outputs0 / batch;
  std::vector<float> input(inputs[0].numElements()), output(outputs0);
  Evaluation result;
  result.samples = samples;
  result.predictions.resize(samples);
  const float *in[] = {input.data()};
  float *out[] = {output.data()};
  auto start = std::chrono::steady_clock::now();
  for (int64_t first = 0; first < samples; first += batch) {
    int64_t count = std::min(batch, samples - first);
    // The last batch is padded with copies of its first image.
    for (int64_t i = 0; i < batch; ++i) {
      int64_t src = first + (i < count ? i : 0);
      std::copy(data.images.data.begin() + src * imageSize,
                data.images.data.begin() + (src + 1) * imageSize,
                input.begin() + i * imageSize);
    }
    model.run(in, out);
    for (int64_t i = 0; i < count; ++i) {
      const float *row = output.data() + i * classes;
      int64_t best = std::max_element(row, row + classes) - row;
      result.predictions[first + i] = best;
      result.errors += best != data.labels[first + i];
    }
  }
  result.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return result;
}

} // namespace sslc
