//===- NetworkHarness.h - one-input networks built for a test ---*- C++ -*-===//
//
// A test builds @main(x) = body(x) with the network builder in a context of
// its own that records every diagnostic, so a failing compile or verifier
// reports its messages in the test's output.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_TEST_UNITTESTS_NETWORKHARNESS_H
#define SSLC_TEST_UNITTESTS_NETWORKHARNESS_H

#include "frontends/Builder.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sslc::test {

/// Builds the body of @main on the network input.
using BodyFn = std::function<mlir::Value(NetworkBuilder &, mlir::Value)>;

struct BuiltNetwork {
  std::unique_ptr<mlir::MLIRContext> ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  /// Every diagnostic of the context, one per line.
  std::string diagnostics;
  /// Notes attached to those diagnostics.
  int notes = 0;
};

/// @main(x) = body(x) for an input of `shape`.
inline std::unique_ptr<BuiltNetwork>
buildNetwork(const std::vector<int64_t> &shape, const BodyFn &body) {
  auto b = std::make_unique<BuiltNetwork>();
  b->ctx = std::make_unique<mlir::MLIRContext>();
  BuiltNetwork *raw = b.get();
  b->ctx->getDiagEngine().registerHandler([raw](mlir::Diagnostic &d) {
    raw->diagnostics += d.str() + "\n";
    raw->notes += static_cast<int>(
        std::distance(d.getNotes().begin(), d.getNotes().end()));
    return mlir::success();
  });
  NetworkBuilder nb(b->ctx.get(), shape, /*seed=*/0);
  b->module = nb.finish(body(nb, nb.input()));
  return b;
}

} // namespace sslc::test

#endif
