//===- Zoo.cpp - named reference networks ---------------------------------===//
#include "frontends/Zoo.h"
#include "frontends/Builder.h"

#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace sslc {
namespace {

int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// The SSL paper's MLP: 784-500-300-10 with ReLU (ip1, ip2, ip3).
OwningOpRef<ModuleOp> buildMlp(MLIRContext *ctx, const ZooOptions &o) {
  std::vector<int64_t> sample =
      o.sampleShape.empty() ? std::vector<int64_t>{784} : o.sampleShape;
  NetworkBuilder b(ctx, {o.batch, product(sample)}, o.seed);
  Value x = b.relu(b.dense(b.input(), 500, "ip1"));
  x = b.relu(b.dense(x, 300, "ip2"));
  x = b.dense(x, 10, "ip3");
  return b.finish(x);
}

} // namespace

std::vector<std::string> zooModelNames() { return {"mlp"}; }

OwningOpRef<ModuleOp> buildZooModel(MLIRContext *ctx, const std::string &name,
                                    const ZooOptions &options) {
  if (name == "mlp")
    return buildMlp(ctx, options);
  std::string known;
  for (const std::string &n : zooModelNames())
    known += (known.empty() ? "" : ", ") + n;
  emitError(UnknownLoc::get(ctx))
      << "unknown model '" << name << "' (expected a .mlir file or one of: "
      << known << ")";
  return nullptr;
}

} // namespace sslc
