//===- Cost.h - FLOPs and parameters of a network ---------------*- C++ -*-===//
//
// What a module computes and stores, counted the way structure removal
// changes it: a shape-pruned convolution counts, for each filter it
// computes, the taps of that filter's group; constant channels count
// nothing. `sslc report` and the C++ API's report print these figures.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_PASSES_ANALYSIS_COST_H
#define SSLC_PASSES_ANALYSIS_COST_H

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>

namespace sslc {

/// Floating-point operations (2 per multiply-add) of the convolutions and
/// dense layers of `module`.
double countFlops(mlir::ModuleOp module);

/// Elements of every parameter (ml_program.global) of `module`.
int64_t countParameters(mlir::ModuleOp module);

} // namespace sslc

#endif // SSLC_PASSES_ANALYSIS_COST_H
