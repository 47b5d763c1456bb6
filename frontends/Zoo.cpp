//===- Zoo.cpp - named reference networks ---------------------------------===//
#include "frontends/Zoo.h"
#include "frontends/Builder.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace sslc {
namespace {

int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The SSL paper's MLP: 784-500-300-10 with ReLU (ip1, ip2, ip3).
OwningOpRef<ModuleOp> buildMlp(MLIRContext *ctx, const ZooOptions &o) {
  std::vector<int64_t> sample =
      o.sampleShape.empty() ? std::vector<int64_t>{784} : o.sampleShape;
  NetworkBuilder b(ctx, {o.batch, product(sample)}, o.seed);
  Value x = b.relu(b.dense(b.input(), 500, "ip1"));
  x = b.relu(b.dense(x, 300, "ip2"));
  x = b.dense(x, 10, "ip3");
  return b.finish(x);
}

std::vector<int64_t> imageShape(const ZooOptions &o,
                                std::vector<int64_t> fallback) {
  std::vector<int64_t> sample = o.sampleShape.empty() ? fallback : o.sampleShape;
  std::vector<int64_t> shape{o.batch};
  shape.insert(shape.end(), sample.begin(), sample.end());
  return shape;
}

/// Caffe's LeNet (examples/mnist/lenet.prototxt): no ReLU after the convs.
OwningOpRef<ModuleOp> buildLenet(MLIRContext *ctx, const ZooOptions &o) {
  NetworkBuilder b(ctx, imageShape(o, {1, 28, 28}), o.seed);
  PoolOptions pool; // 2×2, stride 2
  Value x = b.maxPool2d(b.conv2d(b.input(), 20, 5, 5, "conv1"), pool);
  x = b.maxPool2d(b.conv2d(x, 50, 5, 5, "conv2"), pool);
  x = b.relu(b.dense(b.flatten(x), 500, "ip1"));
  return b.finish(b.dense(x, 10, "ip2"));
}

/// Caffe's cifar10_full without its LRN layers (sslc has no LRN op; the
/// SSL paper's CIFAR results do not depend on it). Pools round up, as
/// Caffe's do.
OwningOpRef<ModuleOp> buildConvnet(MLIRContext *ctx, const ZooOptions &o) {
  NetworkBuilder b(ctx, imageShape(o, {3, 32, 32}), o.seed);
  ConvOptions pad2;
  pad2.pads = {2, 2, 2, 2};
  PoolOptions pool;
  pool.kernel = {3, 3};
  pool.strides = {2, 2};
  pool.ceilMode = true;
  Value x = b.conv2d(b.input(), 32, 5, 5, "conv1", pad2);
  x = b.relu(b.maxPool2d(x, pool));
  x = b.relu(b.conv2d(x, 32, 5, 5, "conv2", pad2));
  x = b.avgPool2d(x, pool);
  x = b.relu(b.conv2d(x, 64, 5, 5, "conv3", pad2));
  x = b.avgPool2d(x, pool);
  return b.finish(b.dense(b.flatten(x), 10, "ip1"));
}

/// He et al.'s CIFAR ResNet-(6n+2): 16/32/64 channels, BN after every
/// conv, 1×1 stride-2 projection shortcuts where the shape changes.
/// Parameter names follow torchvision's ResNet (layerS.B.conv1, ...).
OwningOpRef<ModuleOp> buildResnet(MLIRContext *ctx, const ZooOptions &o,
                                  int blocksPerStage) {
  NetworkBuilder b(ctx, imageShape(o, {3, 32, 32}), o.seed);
  ConvOptions same;
  same.pads = {1, 1, 1, 1};
  Value x = b.relu(b.batchNorm(
      b.conv2d(b.input(), 16, 3, 3, "conv1", same, /*bias=*/false), "bn1"));
  int64_t channels = 16;
  for (int stage = 0; stage < 3; ++stage) {
    int64_t width = 16 << stage;
    for (int block = 0; block < blocksPerStage; ++block) {
      std::string name = "layer" + std::to_string(stage + 1) + "." +
                         std::to_string(block);
      ConvOptions first = same;
      int64_t stride = (stage > 0 && block == 0) ? 2 : 1;
      first.strides = {stride, stride};
      Value y = b.relu(b.batchNorm(
          b.conv2d(x, width, 3, 3, name + ".conv1", first, false),
          name + ".bn1"));
      y = b.batchNorm(b.conv2d(y, width, 3, 3, name + ".conv2", same, false),
                      name + ".bn2");
      Value shortcut = x;
      if (stride != 1 || channels != width) {
        ConvOptions proj;
        proj.strides = {stride, stride};
        shortcut = b.batchNorm(
            b.conv2d(x, width, 1, 1, name + ".shortcut.0", proj, false),
            name + ".shortcut.1");
      }
      x = b.relu(b.add(y, shortcut));
      channels = width;
    }
  }
  x = b.flatten(b.globalAvgPool(x));
  return b.finish(b.dense(x, 10, "fc"));
}

/// CaffeNet (bvlc_reference_caffenet) layer shapes: groups 2 on conv2, 4
/// and 5; LRN omitted as in convnet.
OwningOpRef<ModuleOp> buildAlexnet(MLIRContext *ctx, const ZooOptions &o) {
  NetworkBuilder b(ctx, imageShape(o, {3, 227, 227}), o.seed);
  PoolOptions pool;
  pool.kernel = {3, 3};
  pool.strides = {2, 2};
  pool.ceilMode = true;
  ConvOptions c1;
  c1.strides = {4, 4};
  ConvOptions c2;
  c2.pads = {2, 2, 2, 2};
  c2.groups = 2;
  ConvOptions c3;
  c3.pads = {1, 1, 1, 1};
  ConvOptions c45 = c3;
  c45.groups = 2;
  Value x = b.maxPool2d(b.relu(b.conv2d(b.input(), 96, 11, 11, "conv1", c1)),
                        pool);
  x = b.maxPool2d(b.relu(b.conv2d(x, 256, 5, 5, "conv2", c2)), pool);
  x = b.relu(b.conv2d(x, 384, 3, 3, "conv3", c3));
  x = b.relu(b.conv2d(x, 384, 3, 3, "conv4", c45));
  x = b.maxPool2d(b.relu(b.conv2d(x, 256, 3, 3, "conv5", c45)), pool);
  x = b.dropout(b.relu(b.dense(b.flatten(x), 4096, "fc6")), 0.5f);
  x = b.dropout(b.relu(b.dense(x, 4096, "fc7")), 0.5f);
  return b.finish(b.dense(x, 1000, "fc8"));
}

} // namespace

std::vector<std::string> zooModelNames() {
  return {"lenet", "mlp", "convnet", "resnet20", "resnet32", "resnet56",
          "alexnet"};
}

OwningOpRef<ModuleOp> buildZooModel(MLIRContext *ctx, const std::string &name,
                                    const ZooOptions &options) {
  if (name == "mlp")
    return buildMlp(ctx, options);
  if (name == "lenet")
    return buildLenet(ctx, options);
  if (name == "convnet")
    return buildConvnet(ctx, options);
  if (name == "resnet20")
    return buildResnet(ctx, options, 3);
  if (name == "resnet32")
    return buildResnet(ctx, options, 5);
  if (name == "resnet56")
    return buildResnet(ctx, options, 9);
  if (name == "alexnet")
    return buildAlexnet(ctx, options);
  std::string known;
  for (const std::string &n : zooModelNames())
    known += (known.empty() ? "" : ", ") + n;
  emitError(UnknownLoc::get(ctx))
      << "unknown model '" << name << "' (expected a .mlir file or one of: "
      << known << ")";
  return nullptr;
}

} // namespace sslc
