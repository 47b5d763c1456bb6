//===- Builder.cpp - C++ network builder ----------------------------------===//
#include "frontends/Builder.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

#include <cmath>

using namespace mlir;

namespace sslc {

std::vector<float> uniformValues(std::mt19937_64 &rng, size_t count, float a) {
  std::vector<float> values(count);
  // Explicit conversion (not std::uniform_real_distribution) keeps the
  // values identical across standard libraries for a given seed.
  for (float &v : values) {
    double u = static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
    v = static_cast<float>((2.0 * u - 1.0) * a);
  }
  return values;
}

std::vector<float> normalValues(std::mt19937_64 &rng, size_t count,
                                float stddev) {
  std::vector<float> values(count);
  auto uniform = [&] {
    return (static_cast<double>(rng() >> 11) + 0.5) *
           (1.0 / 9007199254740992.0);
  };
  for (size_t i = 0; i < count; i += 2) {
    double r = std::sqrt(-2.0 * std::log(uniform()));
    double theta = 2.0 * M_PI * uniform();
    values[i] = static_cast<float>(stddev * r * std::cos(theta));
    if (i + 1 < count)
      values[i + 1] = static_cast<float>(stddev * r * std::sin(theta));
  }
  return values;
}

NetworkBuilder::NetworkBuilder(MLIRContext *ctx,
                               std::vector<int64_t> inputShape, uint64_t seed)
    : builder(ctx), loc(UnknownLoc::get(ctx)), generator(seed) {
  ctx->loadDialect<ssl::SSLDialect, func::FuncDialect,
                   ml_program::MLProgramDialect>();
  module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto inputType = RankedTensorType::get(inputShape, builder.getF32Type());
  auto fn = func::FuncOp::create(builder, loc, "main",
                                 builder.getFunctionType({inputType}, {}));
  body = fn.addEntryBlock();
  inputValue = body->getArgument(0);
  builder.setInsertionPointToEnd(body);
}

Value NetworkBuilder::parameter(const std::string &name,
                                std::vector<int64_t> shape,
                                std::vector<float> values) {
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto attr = DenseElementsAttr::get(type, llvm::ArrayRef<float>(values));
  // Globals go before @main so the module reads parameters first.
  OpBuilder moduleBuilder(builder.getContext());
  moduleBuilder.setInsertionPoint(body->getParentOp());
  ml_program::GlobalOp::create(moduleBuilder, loc, name, type,
                               /*is_mutable=*/true, attr,
                               builder.getStringAttr("private"));
  return ml_program::GlobalLoadOp::create(
      builder, loc, type, SymbolRefAttr::get(builder.getContext(), name));
}

Value NetworkBuilder::dense(Value x, int64_t outFeatures,
                            const std::string &name, bool bias) {
  int64_t in = cast<RankedTensorType>(x.getType()).getDimSize(1);
  float a = std::sqrt(3.0f / static_cast<float>(in));
  Value w = parameter(name + ".weight", {outFeatures, in},
                      uniformValues(generator, outFeatures * in, a));
  Value b;
  if (bias)
    b = parameter(name + ".bias", {outFeatures},
                  std::vector<float>(outFeatures, 0.0f));
  return dense(x, w, b);
}

Value NetworkBuilder::dense(Value x, Value weight, Value bias) {
  return ssl::DenseOp::create(builder, loc, x, weight, bias).getOutput();
}

Value NetworkBuilder::relu(Value x) {
  return ssl::ReluOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::clip(Value x, float lo, float hi) {
  return ssl::ClipOp::create(builder, loc, x, builder.getF32FloatAttr(lo),
                             builder.getF32FloatAttr(hi))
      .getOutput();
}

Value NetworkBuilder::sigmoid(Value x) {
  return ssl::SigmoidOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::hardSigmoid(Value x, float alpha, float beta) {
  return ssl::HardSigmoidOp::create(builder, loc, x,
                                    builder.getF32FloatAttr(alpha),
                                    builder.getF32FloatAttr(beta))
      .getOutput();
}

Value NetworkBuilder::gelu(Value x) {
  return ssl::GeluOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::hardSwish(Value x) {
  return ssl::HardSwishOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::mul(Value x, Value gate) {
  return ssl::MulOp::create(builder, loc, x, gate).getOutput();
}

Value NetworkBuilder::conv2d(Value x, int64_t outChannels, int64_t kh,
                            int64_t kw, const std::string &name,
                            const ConvOptions &options, bool bias) {
  int64_t in = cast<RankedTensorType>(x.getType()).getDimSize(1);
  int64_t perGroup = in / options.groups;
  float stddev = std::sqrt(2.0f / static_cast<float>(perGroup * kh * kw));
  Value w = parameter(name + ".weight", {outChannels, perGroup, kh, kw},
                      normalValues(generator,
                                   outChannels * perGroup * kh * kw, stddev));
  Value b;
  if (bias)
    b = parameter(name + ".bias", {outChannels},
                  std::vector<float>(outChannels, 0.0f));
  return conv2d(x, w, b, options);
}

Value NetworkBuilder::conv2d(Value x, Value weight, Value bias,
                            const ConvOptions &o) {
  return ssl::Conv2dOp::create(builder, loc, x, weight, bias, o.strides,
                               o.pads, o.dilations,
                               static_cast<uint64_t>(o.groups))
      .getOutput();
}

Value NetworkBuilder::shapePrunedConv2d(Value x, Value weight, Value bias,
                                       const std::vector<int64_t> &taps,
                                       std::vector<int64_t> kernel,
                                       const ConvOptions &o) {
  auto tapType = RankedTensorType::get(
      {static_cast<int64_t>(taps.size() / 3), 3}, builder.getI64Type());
  auto tapAttr = DenseIntElementsAttr::get(tapType, llvm::ArrayRef(taps));
  return ssl::ShapePrunedConv2dOp::create(builder, loc, x, weight, bias,
                                          tapAttr, kernel, o.strides, o.pads,
                                          o.dilations)
      .getOutput();
}

Value NetworkBuilder::batchNorm(Value x, const std::string &name,
                               float epsilon) {
  int64_t c = cast<RankedTensorType>(x.getType()).getDimSize(1);
  Value gamma = parameter(name + ".weight", {c}, std::vector<float>(c, 1.0f));
  Value beta = parameter(name + ".bias", {c}, std::vector<float>(c, 0.0f));
  Value mean =
      parameter(name + ".running_mean", {c}, std::vector<float>(c, 0.0f));
  Value var =
      parameter(name + ".running_var", {c}, std::vector<float>(c, 1.0f));
  return batchNorm(x, gamma, beta, mean, var, epsilon);
}

Value NetworkBuilder::batchNorm(Value x, Value gamma, Value beta, Value mean,
                               Value variance, float epsilon) {
  return ssl::BatchNormOp::create(builder, loc, x, gamma, beta, mean,
                                  variance, builder.getF32FloatAttr(epsilon))
      .getOutput();
}

Value NetworkBuilder::layerNorm(Value x, Value gamma, Value beta,
                               float epsilon) {
  return ssl::LayerNormOp::create(builder, loc, x, gamma, beta,
                                  builder.getF32FloatAttr(epsilon))
      .getOutput();
}

Value NetworkBuilder::maxPool2d(Value x, const PoolOptions &o) {
  return ssl::MaxPool2dOp::create(builder, loc, x, o.kernel, o.strides, o.pads,
                                  o.ceilMode)
      .getOutput();
}

Value NetworkBuilder::avgPool2d(Value x, const PoolOptions &o) {
  return ssl::AvgPool2dOp::create(builder, loc, x, o.kernel, o.strides, o.pads,
                                  o.ceilMode, o.countIncludePad)
      .getOutput();
}

Value NetworkBuilder::globalAvgPool(Value x) {
  return ssl::GlobalAvgPoolOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::add(Value a, Value b) {
  return ssl::AddOp::create(builder, loc, a, b).getOutput();
}

Value NetworkBuilder::flatten(Value x) {
  return ssl::FlattenOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::softmax(Value x) {
  return ssl::SoftmaxOp::create(builder, loc, x).getOutput();
}

Value NetworkBuilder::dropout(Value x, float ratio) {
  return ssl::DropoutOp::create(builder, loc, x.getType(), x, /*step=*/Value(),
                                llvm::APFloat(ratio), dropouts++)
      .getOutput();
}

Value NetworkBuilder::concat(ValueRange xs, int64_t axis) {
  return ssl::ConcatOp::create(builder, loc, xs, static_cast<uint64_t>(axis))
      .getOutput();
}

Value NetworkBuilder::pad(Value x, const std::vector<int64_t> &pads) {
  return ssl::PadOp::create(builder, loc, x, pads).getOutput();
}

Value NetworkBuilder::channelShuffle(Value x, int64_t groups) {
  return ssl::ChannelShuffleOp::create(builder, loc, x.getType(), x,
                                       static_cast<uint64_t>(groups))
      .getOutput();
}

Value NetworkBuilder::slice(Value x, int64_t begin, int64_t end) {
  return ssl::SliceOp::create(builder, loc, x, static_cast<uint64_t>(begin),
                              static_cast<uint64_t>(end))
      .getOutput();
}

Value NetworkBuilder::gather(Value x, const std::vector<int64_t> &indices) {
  return ssl::GatherOp::create(builder, loc, x,
                               builder.getDenseI64ArrayAttr(indices))
      .getOutput();
}

OwningOpRef<ModuleOp> NetworkBuilder::finish(ValueRange outputs) {
  func::ReturnOp::create(builder, loc, outputs);
  auto fn = cast<func::FuncOp>(body->getParentOp());
  fn.setFunctionType(builder.getFunctionType(
      fn.getArgumentTypes(), TypeRange(ValueRange(outputs))));
  return std::move(module);
}

} // namespace sslc
