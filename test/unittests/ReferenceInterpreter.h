//===- ReferenceInterpreter.h - double-precision ssl interpreter -*- C++
//-*-===//
//
// Runs a func.func of network, backward and training ops, op by op, in
// double precision with plain loops written from the op descriptions in the
// .td files. It is the reference that the gradient checks differentiate by
// finite differences and that the Halide lowering of train_step is compared
// with. Globals live in a name -> array map that global_store updates, so a
// train_step can be run for several steps.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_TEST_UNITTESTS_REFERENCEINTERPRETER_H
#define SSLC_TEST_UNITTESTS_REFERENCEINTERPRETER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sslc::test {

/// A row-major tensor of doubles (i64 labels are held as doubles too).
struct Array {
  std::vector<int64_t> shape;
  std::vector<double> data;

  Array() = default;
  explicit Array(std::vector<int64_t> s);
  int64_t size() const { return static_cast<int64_t>(data.size()); }
};

/// Whether `ssl.dropout` with `seed` at `step` drops element `index`
/// (row-major), from the hash in the op's description.
bool dropoutDrops(uint64_t seed, uint32_t step, uint32_t index, float ratio);

class ReferenceInterpreter {
public:
  /// Reads the initial value of every ml_program.global of `module`.
  explicit ReferenceInterpreter(mlir::ModuleOp module);

  /// Runs `fn` on `args`; fails (with an error diagnostic at the op) on an
  /// op it does not know.
  mlir::FailureOr<std::vector<Array>> run(mlir::func::FuncOp fn,
                                          const std::vector<Array> &args);

  /// The current values of the globals, by symbol name.
  std::map<std::string, Array> globals;
};

} // namespace sslc::test

#endif
