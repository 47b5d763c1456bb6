//===- PruningHarness.h - exactness checks of ssl-prune ---------*- C++ -*-===//
//
//
// What PruningExactnessTest (zoo models) and RealModelTest (torchvision
// exports) share: the reference interpreter on Model and Pruned IR, the
// structure of a network (every conv and dense layer by its weight's name),
// what pruning removed, and random plans of SSL's zero groups applied to
// the parameters of an imported network, each knowing which of its groups
// the pipeline must remove.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_TEST_UNITTESTS_PRUNINGHARNESS_H
#define SSLC_TEST_UNITTESTS_PRUNINGHARNESS_H

#include "ReferenceInterpreter.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sslc::test {

/// ||got - want||₂ / ||want||₂ (infinity when the shapes differ or want is
/// zero).
double relativeError(const std::vector<double> &got,
                     const std::vector<double> &want);

/// `main` of `module` in the reference interpreter. Shape-pruned convs are
/// first rewritten (on a clone) into the dense conv whose weight is zero
/// outside the live taps, which is the op's definition; the interpreter has
/// no case for them.
mlir::FailureOr<Array> interpret(mlir::ModuleOp module, const Array &input);

/// A copy of `module` after the ssl-prune pipeline (shape-pruned convs
/// optional); null when the pipeline fails, with the diagnostics in
/// `diagnostics`.
mlir::OwningOpRef<mlir::ModuleOp> prune(mlir::ModuleOp module, bool shapes,
                                        std::string &diagnostics);

/// One conv, shape-pruned conv or dense layer of `main`.
struct Layer {
  std::string op;     // "conv2d", "shape_pruned_conv2d", "dense"
  std::string weight; // the weight global's name
  int64_t filters = 0, channels = 0, taps = 0, groups = 1;
  bool bias = false;
  double macs = 0; // multiply-adds of one run
};

struct Structure {
  std::vector<Layer> layers;               // in program order
  std::map<std::string, int64_t> opCounts; // every op of main by name
  int64_t parameters = 0;                  // elements of every global
  double macs() const;
  const Layer *find(const std::string &weight) const;
};

Structure structureOf(mlir::ModuleOp module);

/// Empty when the conv and dense layers of `pruned` are those of `model`:
/// same order, weight names and shapes (filters, channels, taps, groups),
/// none shape-pruned; else what differs.
std::string structureDifference(const Structure &model,
                                const Structure &pruned);

/// The invariant of ssl-prune on a network with no zero group, empty when
/// it holds: `after` (pruned) has the layers of `before` (structure of
/// `model`, unpruned) by structureDifference, and the same count of every
/// op except ssl.batch_norm, of which exactly those fed by a conv or dense
/// layer they are the only user of are gone (folded; their parameter loads
/// go and a bias may appear, so loads are not counted).
std::string invariantViolations(mlir::ModuleOp model, const Structure &before,
                                const Structure &after);

/// What pruning removed, layer by layer (by weight name).
struct Removal {
  int64_t filters = 0, channels = 0, taps = 0;
  int64_t layersGone = 0; // conv/dense layers computed at compile time
  double macsBefore = 0, macsAfter = 0;
  std::vector<std::string> gone;
  std::string summary() const;
};

Removal removalBetween(const Structure &model, const Structure &pruned);

/// The group kinds a random plan zeroes.
enum PlanKinds : unsigned {
  kFilters = 1,  // random filters (conv) and rows (dense)
  kChannels = 2, // random input channels W[:, c] and dense columns
  kShapes = 4,   // random shape columns W[:, c, kh, kw]
  kDepth = 8,    // whole convs feeding a residual add
  kAllKinds = 15,
};

/// A zeroed group that ssl-prune must remove: the layer named by its
/// weight loses a filter, taps, or is gone.
struct MustRemove {
  enum What { Filter, Taps, Layer } what;
  std::string weight;
  int64_t index = 0; // the filter, for Filter
};

struct PlanResult {
  std::string description; // what was zeroed, for messages
  int64_t groupsZeroed = 0;
};

/// Zeroes random groups of the kinds in `kinds` in the parameters of
/// `module` (Model IR, BN not folded), seeded: `fraction` of the eligible
/// layers (at least one), and in each about a quarter of its groups (at
/// least one, never all).
PlanResult applyRandomPlan(mlir::ModuleOp module, unsigned kinds,
                           double fraction, uint64_t seed);

/// The zero groups of `module` (Model IR) that ssl-prune must remove,
/// whatever made them zero. Deliberately a subset of what the passes may
/// remove, decided without them:
///  - a zero filter of a groups = 1 layer whose output is exactly zero (no
///    bias and no BN, or a negative constant from bias and BN shift before
///    a ReLU / clip at 0) and reaches only groups = 1 convs and dense
///    layers (through ReLU, pooling, dropout, flatten): the filter goes;
///  - an input channel that a groups = 1 layer ignores (W[:, c] = 0) and
///    that no one else reads (the chain from its conv or dense producer
///    through BN, ReLU, clip, pooling, dropout has single users): the
///    producer's filter c goes;
///  - a zero shape column W[:, c, kh, kw] of a groups = 1 conv: the conv
///    keeps fewer taps;
///  - a conv that is zero altogether and feeds a residual add (through
///    its BN): it is computed at compile time, so its weight is gone.
std::vector<MustRemove> requiredRemovals(mlir::ModuleOp module);

/// Empty when every group of `must` was removed from `model` in `pruned`,
/// else the ones that were not.
std::string missedRemovals(const std::vector<MustRemove> &must,
                           const Structure &model, const Structure &pruned);

/// Replaces every parameter of `module` by seeded random values (running
/// variances positive): a dense network with no zero group.
void randomizeParameters(mlir::ModuleOp module, uint64_t seed);

/// Seeded uniform [-1, 1) values in an Array of `shape`.
Array randomArray(std::vector<int64_t> shape, uint64_t seed);

} // namespace sslc::test

#endif
