//===- Passes.h - sslc pass declarations and registration -------*- C++ -*-===//
#ifndef SSLC_PASSES_PASSES_H
#define SSLC_PASSES_PASSES_H

#include "mlir/Pass/Pass.h"

namespace sslc {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace sslc

#endif
