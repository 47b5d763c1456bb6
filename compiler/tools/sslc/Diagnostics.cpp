//===- Diagnostics.cpp - how sslc prints diagnostics ----------------------===//
#include "compiler/tools/sslc/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace sslc {
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

void printOne(Location loc, DiagnosticSeverity severity,
              const std::string &message) {
  std::string place = describeLocation(loc);
  llvm::errs() << (place.empty() ? std::string("sslc") : place) << ": "
               << severityName(severity) << ": " << message << "\n";
}

} // namespace

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

DiagnosticPrinter::DiagnosticPrinter(MLIRContext *ctx) : ctx(ctx) {
  // Prints a position in a source file with its line and a caret; it
  // registers a handler of its own, which the one below overrides.
  sourceHandler = std::make_unique<SourcePrinter>(sourceMgr, ctx, llvm::errs());
  id = ctx->getDiagEngine().registerHandler(
      [this](Diagnostic &d) { return print(d); });
}

DiagnosticPrinter::~DiagnosticPrinter() {
  ctx->getDiagEngine().eraseHandler(id);
}

LogicalResult DiagnosticPrinter::print(Diagnostic &d) {
  if (filePosition(d.getLocation())) {
    sourceHandler->emitDiagnostic(d);
    return success();
  }
  printOne(d.getLocation(), d.getSeverity(), d.str());
  for (Diagnostic &note : d.getNotes())
    printOne(note.getLocation(), note.getSeverity(), note.str());
  return success();
}

} // namespace sslc
