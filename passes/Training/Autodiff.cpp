//===- Autodiff.cpp - VJP rules of the ssl network ops and the reverse sweep
//-===//
#include "passes/Training/Autodiff.h"
#include "compiler/Dialect/SSL/IR/SSLGradientOps.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"

#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace sslc {
namespace {

using Grads = SmallVectorImpl<Value>;

LogicalResult denseVjp(OpBuilder &b, Operation *op, ValueRange dys,
                       ArrayRef<bool> wanted, Grads &grads) {
  auto dense = cast<ssl::DenseOp>(op);
  Value dy = dys[0];
  Location loc = op->getLoc();
  if (wanted[0])
    grads[0] = ssl::DenseGradInputOp::create(b, loc, dy, dense.getWeight());
  if (wanted[1])
    grads[1] = ssl::DenseGradWeightOp::create(b, loc, dense.getInput(), dy);
  if (dense.getBias() && wanted[2])
    grads[2] = ssl::BiasGradOp::create(b, loc, dy);
  return success();
}

LogicalResult conv2dVjp(OpBuilder &b, Operation *op, ValueRange dys,
                        ArrayRef<bool> wanted, Grads &grads) {
  auto conv = cast<ssl::Conv2dOp>(op);
  Value dy = dys[0];
  Location loc = op->getLoc();
  if (wanted[0])
    grads[0] = ssl::Conv2dGradInputOp::create(
        b, loc, conv.getInput().getType(), dy, conv.getWeight(),
        conv.getStrides(), conv.getPads(), conv.getDilations(),
        conv.getGroups());
  if (wanted[1])
    grads[1] = ssl::Conv2dGradWeightOp::create(
        b, loc, conv.getWeight().getType(), conv.getInput(), dy,
        conv.getStrides(), conv.getPads(), conv.getDilations(),
        conv.getGroups());
  if (conv.getBias() && wanted[2])
    grads[2] = ssl::BiasGradOp::create(b, loc, dy);
  return success();
}

LogicalResult reluVjp(OpBuilder &b, Operation *op, ValueRange dys,
                      ArrayRef<bool>, Grads &grads) {
  grads[0] = ssl::ReluGradOp::create(b, op->getLoc(), dys[0],
                                     cast<ssl::ReluOp>(op).getInput());
  return success();
}

/// The sum passes its gradient to both terms unchanged.
LogicalResult addVjp(OpBuilder &, Operation *, ValueRange dys,
                     ArrayRef<bool> wanted, Grads &grads) {
  for (int i = 0; i < 2; ++i)
    if (wanted[i])
      grads[i] = dys[0];
  return success();
}

LogicalResult maxPoolVjp(OpBuilder &b, Operation *op, ValueRange dys,
                         ArrayRef<bool>, Grads &grads) {
  auto pool = cast<ssl::MaxPool2dOp>(op);
  grads[0] = ssl::MaxPool2dGradOp::create(
      b, op->getLoc(), dys[0], pool.getInput(), pool.getKernel(),
      pool.getStrides(), pool.getPads(), pool.getCeilMode());
  return success();
}

LogicalResult avgPoolVjp(OpBuilder &b, Operation *op, ValueRange dys,
                         ArrayRef<bool>, Grads &grads) {
  auto pool = cast<ssl::AvgPool2dOp>(op);
  grads[0] = ssl::AvgPool2dGradOp::create(
      b, op->getLoc(), pool.getInput().getType(), dys[0], pool.getKernel(),
      pool.getStrides(), pool.getPads(), pool.getCeilMode(),
      pool.getCountIncludePad());
  return success();
}

LogicalResult globalAvgPoolVjp(OpBuilder &b, Operation *op, ValueRange dys,
                               ArrayRef<bool>, Grads &grads) {
  grads[0] = ssl::GlobalAvgPoolGradOp::create(
      b, op->getLoc(), op->getOperand(0).getType(), dys[0]);
  return success();
}

LogicalResult flattenVjp(OpBuilder &b, Operation *op, ValueRange dys,
                         ArrayRef<bool>, Grads &grads) {
  grads[0] = ssl::FlattenGradOp::create(b, op->getLoc(),
                                        op->getOperand(0).getType(), dys[0]);
  return success();
}

LogicalResult concatVjp(OpBuilder &b, Operation *op, ValueRange dys,
                        ArrayRef<bool> wanted, Grads &grads) {
  auto concat = cast<ssl::ConcatOp>(op);
  auto split = ssl::ConcatGradOp::create(
      b, op->getLoc(), concat.getInputs().getTypes(), dys[0], concat.getAxis());
  for (auto [i, g] : llvm::enumerate(split.getGradInputs()))
    if (wanted[i])
      grads[i] = g;
  return success();
}

/// Only the normalized output carries a gradient: the batch statistics and
/// running estimates feed the backward op and the state update, not the
/// loss.
LogicalResult batchNormTrainVjp(OpBuilder &b, Operation *op, ValueRange dys,
                                ArrayRef<bool> wanted, Grads &grads) {
  auto bn = cast<ssl::BatchNormTrainOp>(op);
  if (!dys[0])
    return success();
  auto g = ssl::BatchNormGradOp::create(
      b, op->getLoc(), dys[0], bn.getInput(), bn.getGamma(), bn.getBatchMean(),
      bn.getBatchVariance(), bn.getEpsilonAttr());
  if (wanted[0])
    grads[0] = g.getGradInput();
  if (wanted[1])
    grads[1] = g.getGradGamma();
  if (wanted[2])
    grads[2] = g.getGradBeta();
  return success();
}

/// The keep mask depends only on the seed, the step and the element index,
/// so the same op with the same step applied to the gradient multiplies it
/// by the forward mask. The step counter gets no gradient.
LogicalResult dropoutVjp(OpBuilder &b, Operation *op, ValueRange dys,
                         ArrayRef<bool> wanted, Grads &grads) {
  auto drop = cast<ssl::DropoutOp>(op);
  if (wanted[0])
    grads[0] = ssl::DropoutOp::create(b, op->getLoc(), dys[0], drop.getStep(),
                                      drop.getRatioAttr(), drop.getSeedAttr());
  return success();
}

const llvm::DenseMap<TypeID, VjpRule> &vjpTable() {
  static const llvm::DenseMap<TypeID, VjpRule> table = {
      {TypeID::get<ssl::DenseOp>(), denseVjp},
      {TypeID::get<ssl::Conv2dOp>(), conv2dVjp},
      {TypeID::get<ssl::ReluOp>(), reluVjp},
      {TypeID::get<ssl::AddOp>(), addVjp},
      {TypeID::get<ssl::MaxPool2dOp>(), maxPoolVjp},
      {TypeID::get<ssl::AvgPool2dOp>(), avgPoolVjp},
      {TypeID::get<ssl::GlobalAvgPoolOp>(), globalAvgPoolVjp},
      {TypeID::get<ssl::FlattenOp>(), flattenVjp},
      {TypeID::get<ssl::ConcatOp>(), concatVjp},
      {TypeID::get<ssl::BatchNormTrainOp>(), batchNormTrainVjp},
      {TypeID::get<ssl::DropoutOp>(), dropoutVjp},
  };
  return table;
}

} // namespace

VjpRule lookupVjpRule(Operation *op) {
  auto it = vjpTable().find(op->getName().getTypeID());
  return it == vjpTable().end() ? nullptr : it->second;
}

FailureOr<SmallVector<Value>>
buildBackward(OpBuilder &b, ArrayRef<Operation *> forward,
              ArrayRef<std::pair<Value, Value>> seeds,
              ArrayRef<Value> targets) {
  // Values that depend on a target: only they need gradients.
  llvm::DenseSet<Value> active(targets.begin(), targets.end());
  for (Operation *op : forward)
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return active.contains(v); }))
      active.insert(op->getResults().begin(), op->getResults().end());

  llvm::DenseMap<Value, Value> grads;
  auto accumulate = [&](Value v, Value g) {
    auto [it, inserted] = grads.try_emplace(v, g);
    if (!inserted)
      it->second = ssl::AddOp::create(b, g.getLoc(), it->second, g);
  };
  for (auto [v, g] : seeds)
    accumulate(v, g);

  for (Operation *op : llvm::reverse(forward)) {
    SmallVector<Value> dys;
    bool any = false;
    for (Value r : op->getResults()) {
      Value g = grads.lookup(r);
      any |= static_cast<bool>(g);
      dys.push_back(g);
    }
    SmallVector<bool> wanted;
    for (Value operand : op->getOperands())
      wanted.push_back(active.contains(operand));
    if (!any || llvm::none_of(wanted, [](bool w) { return w; }))
      continue;
    VjpRule rule = lookupVjpRule(op);
    if (!rule)
      return op->emitOpError()
             << "has no gradient rule, but a trained parameter reaches the "
                "loss through it";
    SmallVector<Value> operandGrads(op->getNumOperands());
    if (failed(rule(b, op, dys, wanted, operandGrads)))
      return failure();
    for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads))
      if (g)
        accumulate(operand, g);
  }

  SmallVector<Value> result;
  for (Value t : targets)
    result.push_back(grads.lookup(t));
  return result;
}

} // namespace sslc
