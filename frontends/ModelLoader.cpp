//===- ModelLoader.cpp - models from files or the zoo ---------------------===//
#include "frontends/ModelLoader.h"
#include "compiler/Dialect/SSL/IR/SSLDialect.h"
#include "frontends/MlirText.h"
#include "frontends/OnnxImporter.h"
#include "runtime/FileUtil.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FileSystem.h"

#include <optional>

using namespace mlir;

namespace sslc {
namespace {

/// The bytes one element of `type` takes (bit widths rounded up to bytes),
/// or nullopt when that is more than 64 bits can count.
std::optional<uint64_t> elementBytes(Type type) {
  if (isa<IndexType>(type))
    return IndexType::kInternalStorageBitWidth / 8;
  if (type.isIntOrFloat())
    return (uint64_t(type.getIntOrFloatBitWidth()) + 7) / 8;
  if (auto complex = dyn_cast<ComplexType>(type)) {
    std::optional<uint64_t> part = elementBytes(complex.getElementType());
    uint64_t bytes;
    if (!part || !checkedMul(*part, 2, bytes))
      return std::nullopt;
    return bytes;
  }
  // A vector element is as large as the vector; anything else (a dialect
  // type) counts one byte, so its shape alone is held to the ceiling.
  if (auto vector = dyn_cast<VectorType>(type)) {
    std::optional<uint64_t> bytes = elementBytes(vector.getElementType());
    for (int64_t d : vector.getShape())
      if (!bytes || !checkedMul(*bytes, static_cast<uint64_t>(d), *bytes))
        return std::nullopt;
    return bytes;
  }
  return 1;
}

/// Checks every shaped type inside `type` against the ceiling; false, with
/// an error at `op`, for the first that exceeds it. A dynamic dimension
/// counts as 1, the least a non-empty tensor holds: its size is checked
/// when the data arrives.
bool checkTypeSize(Operation *op, Type type, const ByteLimit &limit,
                   llvm::DenseSet<Type> &checked) {
  bool ok = true;
  type.walk([&](ShapedType shaped) {
    if (!ok || !shaped.hasRank() || !checked.insert(shaped).second)
      return;
    ArrayRef<int64_t> shape = shaped.getShape();
    if (llvm::is_contained(shape, 0))
      return;
    std::optional<uint64_t> bytes = elementBytes(shaped.getElementType());
    for (int64_t d : shape)
      if (bytes && !ShapedType::isDynamic(d) &&
          !checkedMul(*bytes, static_cast<uint64_t>(d), *bytes))
        bytes = std::nullopt;
    if (!bytes) {
      op->emitOpError() << "has type " << shaped
                        << ", more bytes than 64 bits can count";
      ok = false;
    } else if (*bytes > limit.bytes) {
      op->emitOpError() << "has type " << shaped << " of " << *bytes
                        << " bytes (" << formatBytes(*bytes)
                        << "), more than the " << formatBytes(limit.bytes)
                        << " limit (SSLC_MAX_TENSOR_BYTES raises it)";
      ok = false;
    }
  });
  return ok;
}

/// Every type in `module` (results, block arguments, and types held in
/// attributes: function signatures, global types, constants) is within
/// maxTensorBytes(), so that no later stage sizes an allocation from one.
LogicalResult checkTypeSizes(ModuleOp module) {
  ByteLimit limit = maxTensorBytes();
  if (!limit.error.empty())
    return emitError(module.getLoc()) << limit.error;
  llvm::DenseSet<Type> checked;
  WalkResult walk = module->walk<WalkOrder::PreOrder>([&](Operation *op) {
    bool ok = true;
    op->getAttrDictionary().walk([&](Type t) {
      if (ok)
        ok = checkTypeSize(op, t, limit, checked);
    });
    for (Type t : op->getResultTypes())
      ok = ok && checkTypeSize(op, t, limit, checked);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          ok = ok && checkTypeSize(op, arg.getType(), limit, checked);
    return ok ? WalkResult::advance() : WalkResult::interrupt();
  });
  return failure(walk.wasInterrupted());
}

/// A model defines its functions: sslc calls nothing outside the file, and
/// the pruning and lowering stages walk every function's body.
LogicalResult checkDefinitions(ModuleOp module) {
  for (auto fn : module.getOps<func::FuncOp>())
    if (fn.isExternal())
      return fn.emitOpError()
             << "declares @" << fn.getSymName()
             << " without a body (a model defines every function it has)";
  return success();
}

} // namespace

void registerModelDialects(DialectRegistry &registry) {
  registry.insert<ssl::SSLDialect, func::FuncDialect,
                  ml_program::MLProgramDialect>();
}

OwningOpRef<ModuleOp> parseModelText(MLIRContext *ctx, const std::string &text,
                                     llvm::StringRef name) {
  if (failed(checkMlirNesting(ctx, text, name)))
    return nullptr;
  ParserConfig config(ctx);
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(text, config, name);
  if (!module || failed(checkDefinitions(*module)) ||
      failed(checkTypeSizes(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> loadModel(MLIRContext *ctx, const std::string &spec,
                                const ZooOptions &zoo) {
  llvm::StringRef ref(spec);
  if (ref.ends_with(".mlir")) {
    if (!llvm::sys::fs::exists(spec)) {
      emitError(UnknownLoc::get(ctx)) << spec << ": no such file";
      return nullptr;
    }
    std::string text, error;
    if (!readFileBytes(spec, text, error)) {
      emitError(UnknownLoc::get(ctx)) << error;
      return nullptr;
    }
    return parseModelText(ctx, text, spec);
  }
  if (ref.ends_with(".onnx")) {
    OnnxImportOptions onnx;
    onnx.batch = zoo.batch;
    return importOnnxFile(ctx, spec, onnx);
  }
  if (ref.contains('/') || ref.contains('.')) {
    emitError(UnknownLoc::get(ctx))
        << spec << ": unsupported model file (expected a .mlir or .onnx "
        << "file or a zoo model name)";
    return nullptr;
  }
  OwningOpRef<ModuleOp> module = buildZooModel(ctx, spec, zoo);
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace sslc
