//===- AOT.cpp - static libraries and objects with embedded weights -------===//
//
// Halide writes its files in place, so they are built in a scratch folder
// next to the destination and moved into place whole. The header is
// rewritten on the way: its include guard carries the name instead of the
// scratch path, and it declares the entry points only (the function, its
// _argv form and its _metadata), not the pipeline's internal closures, so
// the same model and options give the same bytes wherever they are built.
//
//===----------------------------------------------------------------------===//
#include "codegen/BuildPipeline.h"
#include "runtime/FileUtil.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cerrno>
#include <cstring>
#include <set>
#include <unistd.h>

using namespace mlir;

namespace sslc::codegen {
namespace {

/// The identifier a C declaration declares: the last one before its '('.
std::string declaredName(llvm::StringRef decl) {
  size_t paren = decl.find('(');
  llvm::StringRef head = decl.substr(0, paren).rtrim();
  size_t begin = head.find_last_not_of(
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
  return head.substr(begin == llvm::StringRef::npos ? 0 : begin + 1).str();
}

/// Halide's header with a guard named after `name` and only the
/// declarations of `name`, `name`_argv and `name`_metadata.
std::string entryPointHeader(const std::string &text, const std::string &name) {
  std::set<std::string> entryPoints = {name, name + "_argv",
                                       name + "_metadata"};
  std::string guard = "HALIDE__" + name + "_h";
  llvm::SmallVector<llvm::StringRef> lines;
  llvm::StringRef(text).split(lines, '\n');
  std::string out;
  bool guardDone = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    llvm::StringRef line = lines[i];
    // The first #ifndef/#define pair is the include guard.
    if (!guardDone && line.starts_with("#ifndef ") && i + 1 < lines.size() &&
        lines[i + 1] == ("#define " + line.drop_front(8)).str()) {
      out += "#ifndef " + guard + "\n#define " + guard + "\n";
      ++i;
      guardDone = true;
      continue;
    }
    if (line.trim() == "HALIDE_FUNCTION_ATTRS") {
      // One declaration follows, up to its ';'.
      std::string decl;
      size_t j = i + 1;
      for (; j < lines.size(); ++j) {
        decl += lines[j].str() + "\n";
        if (lines[j].contains(';'))
          break;
      }
      if (entryPoints.count(declaredName(decl)))
        out += line.str() + "\n" + decl;
      else if (j + 1 < lines.size() && lines[j + 1].trim().empty())
        ++j; // the blank line after a dropped declaration
      i = j;
      continue;
    }
    out += line.str();
    if (i + 1 < lines.size())
      out += "\n";
  }
  return out;
}

} // namespace

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
  // A short fixed-length scratch name in the destination folder (a
  // relative folder stays relative; a name near the 255-byte limit fits).
  std::string scratchTemplate = (dir + "/.sslc-XXXXXX").str();
  if (!::mkdtemp(scratchTemplate.data()))
    return module.emitError() << "cannot create a scratch directory in '" << dir
                              << "': " << std::strerror(errno);
  std::string scratch = scratchTemplate;
  std::string tmpPrefix = scratch + "/" + name.str();
  std::string library =
      kind == EmitKind::StaticLibrary ? std::string(".a") : std::string(".o");
  LogicalResult compiled = catchHalideErrors(
      module, "AOT compilation",
      [&] {
        if (kind == EmitKind::StaticLibrary) {
          built->pipeline.compile_to_static_library(tmpPrefix, args, name.str(),
                                                    built->target);
        } else {
          built->pipeline.compile_to(
              {{Halide::OutputFileType::object, tmpPrefix + ".o"},
               {Halide::OutputFileType::c_header, tmpPrefix + ".h"}},
              args, name.str(), built->target);
        }
      },
      &built->net);
  LogicalResult moved = compiled;
  if (succeeded(compiled)) {
    std::string header, error;
    if (!readFileBytes(tmpPrefix + ".h", header, error) ||
        !writeFileAtomically(outPrefix + ".h",
                             entryPointHeader(header, name.str()), error) ||
        !renameIntoPlace(tmpPrefix + library, outPrefix + library, error)) {
      moved = module.emitError() << error;
      std::string ignored;
      for (const std::string &ext : {library, std::string(".h")}) {
        std::string target;
        if (resolveOutputPath(outPrefix + ext, target, ignored))
          ::unlink(target.c_str());
      }
    }
  }
  llvm::sys::fs::remove_directories(scratch);
  return moved;
}

} // namespace sslc::codegen
