//===- AOT.cpp - static libraries and objects with embedded weights -------===//
#include "codegen/BuildPipeline.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace mlir;

namespace sslc::codegen {

LogicalResult emitAOT(ModuleOp module, const CompileOptions &options,
                      EmitKind kind, const std::string &outPrefix) {
  llvm::StringRef name = llvm::sys::path::filename(outPrefix);
  llvm::StringRef dir = llvm::sys::path::parent_path(outPrefix);
  if (name.empty())
    return module.emitError() << "output '" << outPrefix
                              << "' has no file name (expected DIR/NAME)";
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      return module.emitError()
             << "output name '" << name
             << "' must be a C identifier (it names the generated function)";
  if (dir.empty())
    dir = ".";
  if (std::error_code ec = llvm::sys::fs::create_directories(dir))
    return module.emitError()
           << "cannot create directory '" << dir << "': " << ec.message();

  FailureOr<BuiltPipeline> built = buildPipeline(module, options);
  if (failed(built))
    return failure();

  std::vector<Halide::Argument> args(built->net.inputs.begin(),
                                     built->net.inputs.end());
  // Halide writes in place; build into a scratch directory next to the
  // destination and move the finished files, so a failure leaves nothing.
  llvm::SmallString<128> scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(
          (dir + "/." + name + ".tmp").str(), scratch))
    return module.emitError()
           << "cannot create a scratch directory in '" << dir
           << "': " << ec.message();
  std::string tmpPrefix = (scratch + "/" + name).str();
  std::vector<std::string> exts =
      kind == EmitKind::StaticLibrary ? std::vector<std::string>{".a", ".h"}
                                      : std::vector<std::string>{".o", ".h"};
  LogicalResult compiled = catchHalideErrors(module, "AOT compilation", [&] {
    if (kind == EmitKind::StaticLibrary) {
      built->pipeline.compile_to_static_library(tmpPrefix, args, name.str(),
                                                built->target);
    } else {
      built->pipeline.compile_to(
          {{Halide::OutputFileType::object, tmpPrefix + ".o"},
           {Halide::OutputFileType::c_header, tmpPrefix + ".h"}},
          args, name.str(), built->target);
    }
  }, &built->net);
  LogicalResult moved = compiled;
  if (succeeded(compiled)) {
    for (const std::string &ext : exts) {
      if (std::error_code ec = llvm::sys::fs::rename(tmpPrefix + ext,
                                                     outPrefix + ext)) {
        moved = module.emitError() << "cannot write '" << outPrefix << ext
                                   << "': " << ec.message();
        break;
      }
    }
    if (failed(moved))
      for (const std::string &ext : exts)
        llvm::sys::fs::remove(outPrefix + ext);
  }
  llvm::sys::fs::remove_directories(scratch);
  return moved;
}

} // namespace sslc::codegen
