//===- CPU.cpp - x86 schedules (AVX2 / AVX-512) ---------------------------===//
#include "codegen/Schedules/Schedules.h"
#include "codegen/Target.h"

#include <map>

namespace sslc::codegen {
namespace {

using Halide::TailStrategy;

/// Dense: y(m, n) = Σ_k a(m, k) · b(k, n) with `a` read m-innermost (packed
/// weights, or the layout a gradient reads). A register-blocked GEMM: tiles
/// of `vecs` vectors of m × `rowsT` rows of n accumulate in registers
/// (computed at the tile of a wrapper that stores them); each k loads the
/// tile's weight vectors and broadcasts one value per row. The rows loop
/// runs inside the features loop so a slab of weights stays in cache while
/// every row reads it. With few rows the tile is up to 4 vectors of m, and
/// one row (batch-1 inference, a GEMV) takes up to 28 (12 on AVX2) so its
/// weights stream in one sweep; a tile of fewer than 8 accumulator chains
/// splits the reduction into partial sums to hide the FMA latency. With
/// fewer features than a vector the vector narrows to fit.
/// Partial tiles at the edges shift inwards: they recompute a few values
/// instead of falling back to scalar or masked code.
void scheduleDense(Halide::Func f, const std::vector<int64_t> &shape,
                   int lanes) {
  std::vector<Halide::Var> args = f.args();
  Halide::Var m = args[0], n = args[1], mo("mo"), mi("mi");
  Halide::RVar k(f.update().get_schedule().rvars()[0].var);
  // Accumulators: 16 of the 32 AVX-512 registers, 8 of AVX2's 16.
  const int accumulators = lanes >= 16 ? 16 : 8;
  const int rows = accumulators / 2;
  const int64_t M = shape[1], N = shape[0];
  int width = lanes;
  while (width > M && width > 4)
    width /= 2;
  if (M < width) {
    // Fewer than 4 features: one guarded vector per row.
    f.compute_root()
        .split(m, mo, mi, width, TailStrategy::GuardWithIf)
        .vectorize(mi)
        .parallel(n);
    f.update()
        .split(m, mo, mi, width, TailStrategy::GuardWithIf)
        .reorder(mi, Halide::VarOrRVar(k), mo, n)
        .vectorize(mi)
        .parallel(n);
    return;
  }
  // The reduction's extent is the layer's constant input width.
  const int64_t K = *Halide::Internal::as_const_int(
      f.update().get_schedule().rvars()[0].extent);
  const double macs = static_cast<double>(M) * N * K;
  const bool parallelGemv = macs >= (1 << 18);
  int vecs = static_cast<int>(std::min<int64_t>(M / width, N >= rows ? 2 : 4));
  if (N == 1) {
    // One row: a tile of up to 28 feature vectors (12 on AVX2), so that
    // each input value's weights are one contiguous run and the weight
    // matrix streams from L2 in order. Tiles are as even as possible, and
    // at least 4 when threads share the GEMV.
    const int64_t vectors = M / width;
    const int64_t maxVecs = lanes >= 16 ? 28 : 12;
    const int64_t tiles = std::max<int64_t>((vectors + maxVecs - 1) / maxVecs,
                                            parallelGemv ? 4 : 1);
    vecs = static_cast<int>(
        std::max<int64_t>(1, std::min(vectors, (vectors + tiles - 1) / tiles)));
  }
  const int tileM = vecs * width;
  const int rowsT = static_cast<int>(
      std::max<int64_t>(1, std::min<int64_t>(N, accumulators / vecs)));
  const int64_t featureTiles = M / tileM, rowTiles = N / rowsT;
  Halide::Var no("no"), ni("ni");
  Halide::Func stored = f.in();
  // The whole tensor is computed, whatever part a consumer reads, so the
  // tiles shifted inwards stay inside it.
  stored.compute_root()
      .bound(m, 0, static_cast<int>(M))
      .bound(n, 0, static_cast<int>(N))
      .split(m, mo, mi, tileM, TailStrategy::ShiftInwards)
      .split(n, no, ni, rowsT, TailStrategy::ShiftInwards);
  // Threads split the features when there are enough tiles of them, else
  // the rows; a small GEMV runs on the calling thread, where a parallel
  // loop's dispatch would cost more than the work.
  Halide::Var tile = no;
  if (featureTiles >= 4 || rowTiles < 2) {
    stored.reorder(mi, ni, no, mo);
    if (rowTiles >= 2 || parallelGemv)
      stored.parallel(mo);
  } else {
    stored.reorder(mi, ni, mo, no).parallel(no);
    tile = mo;
  }
  stored.vectorize(mi, width);
  f.compute_at(stored, tile).vectorize(m, width).unroll(n);
  // A tile of fewer than 8 accumulators (a GEMV over few features) would
  // wait on the FMA latency at every k: the reduction is split into
  // `partial` interleaved sums, independent chains added up at the end (a
  // reduction they do not divide ends on a guarded step, peeled off the
  // loop).
  const int chains = vecs * rowsT;
  const int partial = std::max(1, std::min(4, 8 / chains));
  if (partial > 1 && K >= 4 * partial &&
      f.update().get_schedule().rvars().size() == 1) {
    Halide::RVar ko("ko"), ki("ki");
    Halide::Var u("u");
    f.update().split(k, ko, ki, partial);
    Halide::Func sums = f.update().rfactor(ki, u);
    sums.compute_at(stored, tile).vectorize(m, width).unroll(n).unroll(u);
    sums.update()
        .split(m, mo, mi, width)
        .reorder(mi, mo, u, n, ko)
        .vectorize(mi)
        .unroll(mo)
        .unroll(u)
        .unroll(n);
    f.update()
        .split(m, mo, mi, width)
        .reorder(mi, mo, n, ki)
        .vectorize(mi)
        .unroll(mo)
        .unroll(n)
        .unroll(ki);
    return;
  }
  f.update()
      .split(m, mo, mi, width)
      .reorder(mi, mo, n, Halide::VarOrRVar(k))
      .vectorize(mi)
      .unroll(mo)
      .unroll(n);
}

/// A tensor computed into its own buffer: innermost dimension vectorized,
/// outermost parallel when the tensor is large enough to pay for it.
void scheduleMaterialized(Halide::Func f, const std::vector<int64_t> &shape,
                          int lanes) {
  std::vector<Halide::Var> v = f.args();
  f.compute_root();
  if (v.empty())
    return; // a scalar (a loss term)
  vectorizeRows(f, shape.back(), lanes);
  double elements = 1;
  for (int64_t d : shape)
    elements *= static_cast<double>(d);
  // Counted in elements, not flops: a stored value may hide a reduction
  // per element (a pooling window's argmax), and even a plain copy of 32K
  // elements outlasts a parallel loop's dispatch.
  if (v.size() > 1 && elements >= 32768)
    f.parallel(v.back());
}

/// A reduction over whole axes (softmax statistics, batch-norm statistics,
/// a bias gradient summed over batch and pixels): its outputs are
/// independent, so the outermost dimension is split across threads when it
/// has enough of them (never at batch 1, where a dispatch would cost more).
void scheduleReduction(Halide::Func f, const std::vector<int64_t> &shape) {
  f.compute_root();
  std::vector<Halide::Var> v = f.args();
  if (!v.empty() && shape.front() >= 8)
    f.parallel(v.back());
}

/// A pipeline output (a network result or a tensor a later pipeline
/// reads) of the static `shape`.
void scheduleOutput(Halide::Func out, const std::vector<int64_t> &shape,
                    int lanes) {
  std::vector<Halide::Var> v = out.args();
  if (v.empty())
    return; // a scalar (a train step's loss)
  vectorizeRows(out, shape.back(), lanes);
  if (v.size() > 1)
    out.parallel(v.back());
}

/// The convolution stage whose NCHW view `out` copies and nothing else
/// reads, when it stores its channels innermost; null otherwise.
const Stage *soleChannelBlockedConv(const LoweredNetwork &net,
                                    Halide::Func out,
                                    const Halide::Target &target) {
  std::map<std::string, Halide::Internal::Function> callees =
      Halide::Internal::find_direct_calls(out.function());
  if (callees.size() != 1)
    return nullptr;
  for (const Stage &stage : net.stages)
    if (stage.kind == StageKind::Conv && stage.conv &&
        stage.func.name() == callees.begin()->first && stage.op &&
        stage.op->getNumResults() == 1 && stage.op->getResult(0).hasOneUse() &&
        convStoresChannelsInnermost(*stage.conv, target))
      return &stage;
  return nullptr;
}

/// A network result that copies a convolution's channel-blocked output
/// into NCHW: tiles of `lanes` pixels × `lanes` channels, each read as
/// channel vectors into a small buffer and written as pixel vectors, so
/// that no vector is assembled element by element from a 32-float stride.
bool scheduleTransposedOutput(Halide::Func out, const Stage &conv,
                              const std::vector<int64_t> &shape, int lanes) {
  std::vector<Halide::Var> v = out.args();
  if (v.size() != 4 || shape.size() != 4 || shape[3] < lanes ||
      shape[1] % lanes != 0)
    return false;
  Halide::Var x = v[0], y = v[1], c = v[2], n = v[3];
  Halide::Var xo("xo"), xi("xi"), co("co"), ci("ci");
  Halide::Func view = conv.func;
  Halide::Func tile = conv.conv->out.in(view);
  out.bound(x, 0, static_cast<int>(shape[3]))
      .bound(c, 0, static_cast<int>(shape[1]))
      .split(x, xo, xi, lanes, TailStrategy::ShiftInwards)
      .split(c, co, ci, lanes)
      .reorder(xi, ci, xo, y, co, n)
      .vectorize(xi)
      .unroll(ci)
      .parallel(n);
  std::vector<Halide::Var> t = tile.args();
  tile.compute_at(out, xo).vectorize(t[0], lanes).unroll(t[1]);
  return true;
}

} // namespace

void scheduleForCPU(LoweredNetwork &net, const Halide::Target &target) {
  int lanes = f32VectorLanes(target);
  for (Stage &stage : net.stages) {
    switch (stage.kind) {
    case StageKind::Dense:
      scheduleDense(stage.func, stage.shape, lanes);
      break;
    case StageKind::Conv:
      scheduleConvCPU(*stage.conv, target);
      break;
    case StageKind::Materialize:
      scheduleMaterialized(stage.func, stage.shape, lanes);
      break;
    case StageKind::Reduction:
      scheduleReduction(stage.func, stage.shape);
      break;
    case StageKind::ConvGradWeight:
      scheduleConvGradWeightCPU(*stage.convGradWeight, target);
      break;
    case StageKind::TapConv:
      scheduleTapConvCPU(*stage.tapConv, target);
      break;
    case StageKind::Elementwise:
      break; // inlined into its consumer
    }
  }
  for (size_t i = 0; i < net.outputs.size(); ++i) {
    const Stage *conv = soleChannelBlockedConv(net, net.outputs[i], target);
    if (!conv || !scheduleTransposedOutput(net.outputs[i], *conv,
                                           net.outputShapes[i], lanes))
      scheduleOutput(net.outputs[i], net.outputShapes[i], lanes);
  }
  for (Intermediate &i : net.intermediates)
    if (!i.scheduled)
      scheduleOutput(i.producer, i.shape, lanes);
}

void applySchedule(LoweredNetwork &net, const Halide::Target &target) {
  if (usesCuda(target))
    scheduleForCUDA(net, target);
  else
    scheduleForCPU(net, target);
}

} // namespace sslc::codegen
