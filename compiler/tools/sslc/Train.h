//===- Train.h - the `sslc train` command -----------------------*- C++ -*-===//
#ifndef SSLC_COMPILER_TOOLS_SSLC_TRAIN_H
#define SSLC_COMPILER_TOOLS_SSLC_TRAIN_H

#include "mlir/IR/MLIRContext.h"

#include <map>
#include <set>
#include <string>

namespace sslc {

/// The options `sslc train` takes with a value, and its switches.
extern const std::set<std::string> kTrainValuedOptions;
extern const std::set<std::string> kTrainSwitches;

/// Runs `sslc train` with parsed options (names without "--"; -o is
/// "output-prefix"). Returns the exit code; every error message names the
/// option or file at fault.
int runTrainCommand(mlir::MLIRContext &ctx,
                    const std::map<std::string, std::string> &options,
                    const std::set<std::string> &switches);

} // namespace sslc

#endif
