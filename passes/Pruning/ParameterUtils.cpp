//===- ParameterUtils.cpp - reading and rewriting parameters --------------===//
#include "passes/Pruning/ParameterUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;

namespace sslc {
namespace {

ml_program::GlobalOp globalOf(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return nullptr;
  SymbolRefAttr sym;
  if (auto load = dyn_cast<ml_program::GlobalLoadOp>(def))
    sym = load.getGlobal();
  else if (auto load = dyn_cast<ml_program::GlobalLoadConstOp>(def))
    sym = load.getGlobal();
  else
    return nullptr;
  return SymbolTable::lookupNearestSymbolFrom<ml_program::GlobalOp>(def, sym);
}

} // namespace

FailureOr<Parameter> readParameter(Value v) {
  ml_program::GlobalOp global = globalOf(v);
  if (!global || !global.getValue())
    return failure();
  auto elements = dyn_cast<ElementsAttr>(*global.getValue());
  if (!elements || !elements.getElementType().isF32())
    return failure();
  Parameter p;
  p.global = global;
  auto type = cast<ShapedType>(elements.getType());
  p.shape.assign(type.getShape().begin(), type.getShape().end());
  if (auto dense = dyn_cast<DenseElementsAttr>(elements)) {
    p.values.reserve(type.getNumElements());
    for (float f : dense.getValues<float>())
      p.values.push_back(f);
    return p;
  }
  // Weights stored as a dense_resource blob: usable only when the blob holds
  // exactly one float per element of the type.
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(elements)) {
    std::optional<ArrayRef<float>> values = blob.tryGetAsArrayRef();
    if (!values || static_cast<int64_t>(values->size()) != type.getNumElements())
      return failure();
    p.values.assign(values->begin(), values->end());
    return p;
  }
  return failure();
}

bool isPrivateParameterOf(Value v, Operation *user) {
  ml_program::GlobalOp global = globalOf(v);
  if (!global || !v.hasOneUse())
    return false;
  auto module = global->getParentOfType<ModuleOp>();
  std::optional<SymbolTable::UseRange> uses =
      SymbolTable::getSymbolUses(global, module);
  if (!uses)
    return false;
  int loads = 0;
  for (const SymbolTable::SymbolUse &use : *uses) {
    (void)use;
    ++loads;
  }
  return loads == 1 && *v.getUsers().begin() == user;
}

void writeParameter(Parameter &p, std::vector<int64_t> shape,
                    std::vector<float> values) {
  MLIRContext *ctx = p.global.getContext();
  auto type = RankedTensorType::get(shape, Float32Type::get(ctx));
  p.global.setType(type);
  p.global.setValueAttr(
      DenseElementsAttr::get(type, llvm::ArrayRef<float>(values)));
  auto module = p.global->getParentOfType<ModuleOp>();
  if (std::optional<SymbolTable::UseRange> uses =
          SymbolTable::getSymbolUses(p.global, module))
    for (const SymbolTable::SymbolUse &use : *uses)
      for (Value result : use.getUser()->getResults())
        result.setType(type);
  p.shape = std::move(shape);
  p.values = std::move(values);
}

std::string layerNameOf(const Parameter &p) {
  llvm::StringRef name = mlir::ml_program::GlobalOp(p.global).getSymName();
  name.consume_back(".weight");
  return name.str();
}

Value createParameter(Operation *user, llvm::StringRef base,
                      std::vector<int64_t> shape, std::vector<float> values) {
  auto module = user->getParentOfType<ModuleOp>();
  SymbolTable symbols(module);
  std::string name = base.str();
  for (int i = 1; symbols.lookup(name); ++i)
    name = base.str() + "_" + std::to_string(i);
  OpBuilder b(user->getContext());
  auto type = RankedTensorType::get(shape, b.getF32Type());
  b.setInsertionPoint(user->getParentOfType<FunctionOpInterface>());
  auto global = ml_program::GlobalOp::create(
      b, user->getLoc(), name, type, /*is_mutable=*/true,
      DenseElementsAttr::get(type, llvm::ArrayRef<float>(values)),
      b.getStringAttr("private"));
  symbols.insert(global);
  b.setInsertionPoint(user);
  return ml_program::GlobalLoadOp::create(
      b, user->getLoc(), type, SymbolRefAttr::get(global.getSymNameAttr()));
}

} // namespace sslc
