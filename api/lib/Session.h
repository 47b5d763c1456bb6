//===- Session.h - the MLIR context behind a family of Models ---*- C++ -*-===//
//
// A Model, the Models derived from it (prune, withWeights) and the
// CompiledModels built from them share one MLIRContext. Its diagnostics are
// collected, formatted as the sslc command line prints them, and become the
// message of the sslc::Error the failing call throws.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_API_LIB_SESSION_H
#define SSLC_API_LIB_SESSION_H

#include "sslc/sslc.h"

#include "passes/Passes.h"
#include "runtime/Datasets.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sslc::api {

class DiagnosticFormatter;

class Session {
public:
  Session();
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  mlir::MLIRContext *context() { return ctx.get(); }

  /// Held by every call that touches the context; starts a call's
  /// diagnostics afresh.
  class Call {
  public:
    explicit Call(Session &s) : session(s), lock(s.mutex) {
      session.messages.clear();
    }
    /// Throws the collected diagnostics (or `fallback` if there were none).
    [[noreturn]] void fail(ErrorKind kind, const std::string &fallback) const;

  private:
    Session &session;
    std::lock_guard<std::mutex> lock;
  };

private:
  mlir::DialectRegistry registry;
  std::unique_ptr<mlir::MLIRContext> ctx;
  std::unique_ptr<DiagnosticFormatter> formatter;
  std::mutex mutex;
  std::vector<std::string> messages;
  mlir::DiagnosticEngine::HandlerID handler;
};

/// Throws InvalidArgument unless `threads` is 0 (the default pool) or more.
void checkThreads(int threads);

/// `sslc train --ssl-update`'s value ("MODE" or "KIND=MODE,..." with MODE
/// subgradient or proximal) onto the pass; a bad entry throws
/// InvalidArgument under `what`, the option's name as its caller spells it.
void applySslUpdate(llvm::StringRef text, const std::string &what,
                    DeriveTrainStepPassOptions &pass);

/// `sslc train --finetune`'s mode (groups or elements) onto the pass; any
/// other throws InvalidArgument under `what`.
void applyFinetune(const std::string &mode, const std::string &what,
                   DeriveTrainStepPassOptions &pass);

/// The entry function's argument and result types as TensorInfos named the
/// way the lowering names them ("input"/"inputN", "output"/"outputN").
std::vector<TensorInfo> signatureOf(mlir::ModuleOp module, bool results);

} // namespace sslc::api

namespace sslc {

/// The network behind a Model; never modified once the Model exists.
struct Model::Impl {
  std::shared_ptr<api::Session> session;
  /// Destroyed before the session that owns its context.
  /// OwningOpRef hands out the op only when non-const; the Model API never
  /// changes it.
  mutable mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string source;
  bool pruned = false;
};

} // namespace sslc

namespace sslc::api {

/// A copy of the model brought to Inference IR (the inference pipeline);
/// fails the call with the pipeline's diagnostics.
mlir::OwningOpRef<mlir::ModuleOp> lowerToInference(const Model::Impl &model,
                                                   const Session::Call &call);

/// The data set `spec` names ("mnist", "fashion-mnist", "cifar10:DIR");
/// another spec throws InvalidArgument naming --dataset, a set that does not
/// load throws `kind`.
Dataset loadData(const std::string &spec, Split split, ErrorKind kind);

} // namespace sslc::api

#endif
