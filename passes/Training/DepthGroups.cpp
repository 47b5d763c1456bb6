//===- DepthGroups.cpp - convolutions of residual branches and their BN ---===//
#include "passes/Training/DepthGroups.h"

#include "compiler/Dialect/SSL/IR/SSLOps.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

using namespace mlir;

namespace sslc {
namespace {

/// The global `v` is loaded from, when `v` is a load used once.
std::string privateGlobal(Value v) {
  auto load = v.getDefiningOp<ml_program::GlobalLoadOp>();
  if (!load || !v.hasOneUse())
    return "";
  return load.getGlobal().getLeafReference().str();
}

/// The private chain ending in `v`: its convolutions, and the
/// (convolution, batch norm) pairs on it.
struct Chain {
  int convs = 0;
  std::vector<DepthBnGroup> groups;
};

Chain chainOf(Value v) {
  Chain chain;
  while (v.hasOneUse()) {
    Operation *op = v.getDefiningOp();
    if (auto bn = dyn_cast_or_null<ssl::BatchNormOp>(op)) {
      auto conv = bn.getInput().getDefiningOp<ssl::Conv2dOp>();
      std::string w = conv ? privateGlobal(conv.getWeight()) : "",
                  g = privateGlobal(bn.getGamma()),
                  b = privateGlobal(bn.getBeta());
      if (conv && bn.getInput().hasOneUse() && !w.empty() && !g.empty() &&
          !b.empty() && g != b) {
        llvm::StringRef layer(w);
        layer.consume_back(".weight");
        chain.groups.insert(chain.groups.begin(),
                            DepthBnGroup{layer.str(), w, g, b});
      }
      v = bn.getInput();
    } else if (auto conv = dyn_cast_or_null<ssl::Conv2dOp>(op)) {
      ++chain.convs;
      v = conv.getInput();
    } else if (auto relu = dyn_cast_or_null<ssl::ReluOp>(op)) {
      v = relu.getInput();
    } else {
      break;
    }
  }
  return chain;
}

} // namespace

std::vector<DepthBnGroup> findDepthBnGroups(func::FuncOp fn) {
  std::vector<DepthBnGroup> groups;
  fn.walk([&](ssl::AddOp add) {
    Chain lhs = chainOf(add.getLhs()), rhs = chainOf(add.getRhs());
    if (lhs.convs == rhs.convs)
      return;
    Chain &branch = lhs.convs > rhs.convs ? lhs : rhs;
    groups.insert(groups.end(), branch.groups.begin(), branch.groups.end());
  });
  return groups;
}

} // namespace sslc
