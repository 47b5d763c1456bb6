//===- Diagnostics.cpp - diagnostics as sslc prints them ------------------===//
#include "api/lib/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace sslc::api {
namespace {

/// The file position inside `loc`, if any, with a line number.
std::optional<FileLineColLoc> filePosition(Location loc) {
  return llvm::TypeSwitch<LocationAttr, std::optional<FileLineColLoc>>(loc)
      .Case([](FileLineColLoc f) -> std::optional<FileLineColLoc> {
        if (f.getLine() == 0)
          return std::nullopt;
        return f;
      })
      .Case([](NameLoc n) { return filePosition(n.getChildLoc()); })
      .Case([](CallSiteLoc c) { return filePosition(c.getCallee()); })
      .Case([](FusedLoc f) -> std::optional<FileLineColLoc> {
        for (Location l : f.getLocations())
          if (auto p = filePosition(l))
            return p;
        return std::nullopt;
      })
      .Default([](LocationAttr) { return std::nullopt; });
}

const char *severityName(DiagnosticSeverity s) {
  switch (s) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

std::string formatLine(Location loc, DiagnosticSeverity severity,
                       const std::string &message) {
  std::string place = describeLocation(loc);
  if (place.empty() && severity == DiagnosticSeverity::Error)
    return message;
  return (place.empty() ? std::string("sslc") : place) + ": " +
         severityName(severity) + ": " + message;
}

} // namespace

/// MLIR's printer of a position in a source file, with its line and a caret.
class DiagnosticFormatter::SourcePrinter
    : public mlir::SourceMgrDiagnosticHandler {
public:
  using SourceMgrDiagnosticHandler::SourceMgrDiagnosticHandler;
  using SourceMgrDiagnosticHandler::emitDiagnostic;
};

std::string describeLocation(Location loc) {
  return llvm::TypeSwitch<LocationAttr, std::string>(loc)
      .Case([](FileLineColLoc f) {
        std::string s = f.getFilename().str();
        if (f.getLine() > 0)
          s += ":" + std::to_string(f.getLine()) + ":" +
               std::to_string(f.getColumn());
        return s;
      })
      .Case([](NameLoc n) {
        std::string child = describeLocation(n.getChildLoc());
        std::string name = n.getName().str();
        return child.empty() ? name : child + ": " + name;
      })
      .Case([](CallSiteLoc c) { return describeLocation(c.getCallee()); })
      .Case([](FusedLoc f) {
        for (Location l : f.getLocations()) {
          std::string s = describeLocation(l);
          if (!s.empty())
            return s;
        }
        return std::string();
      })
      .Default([](LocationAttr) { return std::string(); });
}

DiagnosticFormatter::DiagnosticFormatter(MLIRContext *ctx)
    : stream(std::make_unique<llvm::raw_string_ostream>(buffer)),
      sourcePrinter(
          std::make_unique<SourcePrinter>(sourceMgr, ctx, *stream)) {}

DiagnosticFormatter::~DiagnosticFormatter() = default;

std::string DiagnosticFormatter::format(Diagnostic &d) {
  std::string text;
  if (filePosition(d.getLocation())) {
    buffer.clear();
    sourcePrinter->emitDiagnostic(d);
    stream->flush();
    text = buffer;
  } else {
    text = formatLine(d.getLocation(), d.getSeverity(), d.str());
    for (Diagnostic &note : d.getNotes())
      text += "\n" + formatLine(note.getLocation(), note.getSeverity(),
                                note.str());
  }
  while (!text.empty() && text.back() == '\n')
    text.pop_back();
  return text;
}

} // namespace sslc::api
