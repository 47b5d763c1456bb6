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

OwningOpRef<ModuleOp> NetworkBuilder::finish(ValueRange outputs) {
  func::ReturnOp::create(builder, loc, outputs);
  auto fn = cast<func::FuncOp>(body->getParentOp());
  fn.setFunctionType(builder.getFunctionType(
      fn.getArgumentTypes(), TypeRange(ValueRange(outputs))));
  return std::move(module);
}

} // namespace sslc
