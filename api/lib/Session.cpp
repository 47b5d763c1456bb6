//===- Session.cpp - the MLIR context behind a family of Models -----------===//
#include "api/lib/Session.h"
#include "api/lib/Diagnostics.h"
#include "frontends/ModelLoader.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace sslc {

const char *errorKindName(ErrorKind kind) {
  switch (kind) {
  case ErrorKind::InvalidArgument:
    return "invalid-argument";
  case ErrorKind::Load:
    return "load";
  case ErrorKind::Pipeline:
    return "pipeline";
  case ErrorKind::Compile:
    return "compile";
  case ErrorKind::Run:
    return "run";
  case ErrorKind::Export:
    return "export";
  case ErrorKind::Train:
    return "train";
  }
  return "error";
}

Error::Error(ErrorKind kind, const std::string &message)
    : std::runtime_error(message), kind_(kind) {}
Error::~Error() = default;

int64_t TensorInfo::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

namespace api {

Session::Session() {
  registerModelDialects(registry);
  ctx = std::make_unique<mlir::MLIRContext>(registry);
  ctx->loadAllAvailableDialects();
  // A diagnostic names its place; the op (for a module, the whole network
  // with its weights) is never printed with it.
  ctx->printOpOnDiagnostic(false);
  formatter = std::make_unique<DiagnosticFormatter>(ctx.get());
  handler = ctx->getDiagEngine().registerHandler([this](mlir::Diagnostic &d) {
    messages.push_back(formatter->format(d));
    return mlir::success();
  });
}

Session::~Session() { ctx->getDiagEngine().eraseHandler(handler); }

void Session::Call::fail(ErrorKind kind, const std::string &fallback) const {
  std::string message;
  for (const std::string &line : session.messages)
    message += (message.empty() ? "" : "\n") + line;
  throw Error(kind, message.empty() ? fallback : message);
}

void checkThreads(int threads) {
  if (threads < 0)
    throw Error(ErrorKind::InvalidArgument,
                "option 'threads' expects an integer >= 1 (or 0 for the "
                "default), got '" +
                    std::to_string(threads) + "'");
}

void applySslUpdate(llvm::StringRef text, const std::string &what,
                    DeriveTrainStepPassOptions &pass) {
  llvm::SmallVector<llvm::StringRef> items;
  text.split(items, ',', -1, false);
  for (llvm::StringRef item : items) {
    auto [kind, mode] = item.trim().split('=');
    llvm::StringRef m = mode.empty() ? kind : mode;
    if (m != "subgradient" && m != "proximal")
      throw Error(ErrorKind::InvalidArgument,
                  what + " expects subgradient, proximal or "
                         "KIND=subgradient|proximal, got '" +
                      item.str() + "'");
    if (!mode.empty() && !groupLambdaOption(pass, kind.trim()))
      throw Error(ErrorKind::InvalidArgument,
                  what + " expects KIND one of " + kGroupLambdaKinds.str() +
                      ", got '" + kind.trim().str() + "'");
    pass.sslUpdate.push_back(item.trim().str());
  }
}

void applyFinetune(const std::string &mode, const std::string &what,
                   DeriveTrainStepPassOptions &pass) {
  if (mode != "groups" && mode != "elements")
    throw Error(ErrorKind::InvalidArgument,
                what + " expects groups (freeze the all-zero groups) or "
                       "elements (freeze every zero), got '" +
                    mode + "'");
  pass.finetune = true;
  pass.finetuneMode = mode;
}

std::vector<TensorInfo> signatureOf(mlir::ModuleOp module, bool results) {
  std::vector<TensorInfo> infos;
  auto fn = module.lookupSymbol<mlir::func::FuncOp>("main");
  if (!fn)
    return infos;
  llvm::ArrayRef<mlir::Type> types = results
                                         ? fn.getFunctionType().getResults()
                                         : fn.getFunctionType().getInputs();
  std::string base = results ? "output" : "input";
  for (auto [i, type] : llvm::enumerate(types)) {
    TensorInfo info;
    info.name = types.size() == 1 ? base : base + std::to_string(i);
    if (auto shaped = llvm::dyn_cast<mlir::RankedTensorType>(type))
      info.shape.assign(shaped.getShape().begin(), shaped.getShape().end());
    infos.push_back(std::move(info));
  }
  return infos;
}

} // namespace api
} // namespace sslc
