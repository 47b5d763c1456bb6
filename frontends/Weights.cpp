//===- Weights.cpp - parameters to and from safetensors -------------------===//
#include "frontends/Weights.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace sslc {

bool applyWeights(ModuleOp module, const TensorFile &file,
                  const std::string &fileName, std::string &error) {
  std::map<std::string, ml_program::GlobalOp> globals;
  module.walk([&](ml_program::GlobalOp g) {
    globals[g.getSymName().str()] = g;
  });
  // Check everything first so a bad file leaves the module untouched.
  // Every parameter is f32: an integer tensor under a parameter's name is
  // an error, not skipped. Other integer tensors (PyTorch's batch norm
  // `num_batches_tracked` counters) are no parameters and stay unread.
  for (const auto &[name, tensor] : file.int64Tensors)
    if (globals.count(name)) {
      error = fileName + ": parameter '" + name +
              "' expects dtype F32, file has I64";
      return false;
    }
  for (const auto &[name, tensor] : file.tensors) {
    auto it = globals.find(name);
    if (it == globals.end()) {
      error = fileName + ": tensor '" + name +
              "' does not name a parameter of the model";
      return false;
    }
    auto type = cast<RankedTensorType>(it->second.getType());
    std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
    if (shape != tensor.shape) {
      error = fileName + ": parameter '" + name + "' expects shape " +
              shapeToString(shape) + ", file has " +
              shapeToString(tensor.shape);
      return false;
    }
  }
  for (const auto &[name, tensor] : file.tensors) {
    ml_program::GlobalOp g = globals[name];
    auto type = cast<RankedTensorType>(g.getType());
    g.setValueAttr(
        DenseElementsAttr::get(type, llvm::ArrayRef<float>(tensor.data)));
  }
  return true;
}

TensorFile collectWeights(ModuleOp module) {
  TensorFile file;
  module.walk([&](ml_program::GlobalOp g) {
    if (!g.getValue())
      return;
    auto dense = dyn_cast<DenseElementsAttr>(*g.getValue());
    if (!dense || !dense.getElementType().isF32())
      return;
    auto type = cast<RankedTensorType>(dense.getType());
    Tensor t(std::vector<int64_t>(type.getShape().begin(),
                                  type.getShape().end()));
    size_t i = 0;
    for (float f : dense.getValues<float>())
      t.data[i++] = f;
    file.tensors[g.getSymName().str()] = std::move(t);
  });
  return file;
}

} // namespace sslc
