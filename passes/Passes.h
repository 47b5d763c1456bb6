//===- Passes.h - sslc pass declarations and registration -------*- C++ -*-===//
#ifndef SSLC_PASSES_PASSES_H
#define SSLC_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"
#include "llvm/ADT/StringRef.h"

namespace sslc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

/// The private mutable f32 scalar global in which the train step of a model
/// with dropout counts its steps (ssl-derive-train-step). The ':' keeps it
/// apart from parameter names, which PyTorch builds from dotted Python
/// identifiers.
inline constexpr llvm::StringLiteral kDropoutStepGlobal = "ssl:dropout_step";

/// The option of ssl-derive-train-step that holds the group Lasso strength
/// of the group kind named `kind` (filter, channel, shape, kernel2d, depth,
/// depth_bn, row, column), or null for another name. Callers that take
/// strengths by kind name (sslc train --ssl, the API's TrainStepOptions)
/// share this one table.
float *groupLambdaOption(DeriveTrainStepPassOptions &options,
                         llvm::StringRef kind);

/// The kind names groupLambdaOption accepts, comma-separated, for messages.
inline constexpr llvm::StringLiteral kGroupLambdaKinds =
    "filter, channel, shape, kernel2d, depth, depth_bn, row, column";

} // namespace sslc

#endif
