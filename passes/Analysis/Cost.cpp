//===- Cost.cpp - FLOPs and parameters of a network -----------------------===//
#include "passes/Analysis/Cost.h"
#include "compiler/Dialect/SSL/IR/SSLOps.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

#include <optional>
#include <vector>

using namespace mlir;

namespace sslc {

double countFlops(ModuleOp m) {
  double flops = 0;
  m.walk([&](Operation *op) {
    if (auto c = dyn_cast<ssl::Conv2dOp>(op)) {
      auto w = c.getWeight().getType();
      auto o = c.getOutput().getType();
      flops += 2.0 * o.getNumElements() * w.getDimSize(1) * w.getDimSize(2) *
               w.getDimSize(3);
    } else if (auto s = dyn_cast<ssl::ShapePrunedConv2dOp>(op)) {
      // Each computed filter multiplies the taps of its group.
      auto y = s.getOutput().getType();
      const int64_t G = static_cast<int64_t>(s.getGroups());
      const int64_t Cg = s.getInput().getType().getDimSize(1) / G;
      const int64_t Og = y.getDimSize(1) / G;
      std::vector<int64_t> groupTaps(G, 0);
      auto taps = s.getTaps().getValues<int64_t>();
      for (auto it = taps.begin(); it != taps.end(); it += 3)
        ++groupTaps[*it / Cg];
      const double pixels = double(y.getNumElements()) / y.getDimSize(1);
      if (std::optional<ArrayRef<int64_t>> computed = s.getFilters())
        for (int64_t o : *computed)
          flops += 2.0 * pixels * groupTaps[o / Og];
      else
        for (int64_t o = 0; o < y.getDimSize(1); ++o)
          flops += 2.0 * pixels * groupTaps[o / Og];
    } else if (auto d = dyn_cast<ssl::DenseOp>(op)) {
      flops += 2.0 * d.getOutput().getType().getNumElements() *
               d.getWeight().getType().getDimSize(1);
    }
  });
  return flops;
}

int64_t countParameters(ModuleOp m) {
  int64_t n = 0;
  m.walk([&](ml_program::GlobalOp g) {
    n += cast<ShapedType>(g.getType()).getNumElements();
  });
  return n;
}

} // namespace sslc
