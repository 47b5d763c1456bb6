//===- FuzzContext.h - a fresh, quiet MLIRContext per fuzz input -*- C++ -*-===//
#ifndef SSLC_TEST_FUZZ_FUZZCONTEXT_H
#define SSLC_TEST_FUZZ_FUZZCONTEXT_H

#include "frontends/ModelLoader.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

namespace sslc::fuzz {

/// The dialects a model loads with, registered once per process, in a
/// context made per input: a module that failed half-way, or the types and
/// attributes of one input, leave nothing behind for the next. Diagnostics
/// are swallowed; a fuzz target looks for crashes, not messages.
struct FuzzContext {
  FuzzContext() : ctx(registry()), quiet(&ctx, [](mlir::Diagnostic &) {
    return mlir::success();
  }) {}

  mlir::MLIRContext ctx;

private:
  static const mlir::DialectRegistry &registry() {
    static mlir::DialectRegistry *r = [] {
      auto *r = new mlir::DialectRegistry;
      registerModelDialects(*r);
      return r;
    }();
    return *r;
  }
  mlir::ScopedDiagnosticHandler quiet;
};

} // namespace sslc::fuzz

#endif
