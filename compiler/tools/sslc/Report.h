//===- Report.h - the learned structure of a model, as tables and figures -===//
#ifndef SSLC_COMPILER_TOOLS_SSLC_REPORT_H
#define SSLC_COMPILER_TOOLS_SSLC_REPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace sslc {

/// Prints the per-layer table of Wen et al. (filters and channels alive,
/// row/column sparsity, live filter-shape columns, FLOP % and parameters
/// kept after `ssl-prune`, whole layers removed) for `model`, and writes
/// `figureDir`/conv1_filters.svg and `figureDir`/group_sparsity.svg when
/// `figureDir` is not empty. `model` is left unchanged.
bool writeReport(mlir::ModuleOp model, llvm::raw_ostream &os,
                 const std::string &figureDir, std::string &error);

} // namespace sslc

#endif
