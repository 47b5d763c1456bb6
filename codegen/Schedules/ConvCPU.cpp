//===- ConvCPU.cpp - register-blocked direct convolution on x86 -----------===//
//
// One block of `channelBlock` output channels × `rowBlock` output pixels of
// one row is accumulated in vector registers while the reduction over
// (kx, ky, c) runs outside it: per tap, two weight vectors are loaded and
// each input pixel is broadcast once against them. Rows (and groups and
// images) run in parallel. Layers whose rows fill no whole register block
// run the input channels innermost instead, in a wider block.
//
//===----------------------------------------------------------------------===//
#include "codegen/Schedules/ConvSchedules.h"
#include "codegen/Schedules/RowVectors.h"
#include "codegen/Target.h"

namespace sslc::codegen {

int convRowBlock(int outWidth, int maxBlock) {
  if (outWidth <= maxBlock)
    return outWidth;
  // Fewest wasted pixels in the last block; prefer the larger block on ties.
  int best = maxBlock, bestWaste = 1 << 30;
  for (int b = maxBlock; b >= std::max(1, maxBlock / 2); --b) {
    int waste = (outWidth + b - 1) / b * b - outWidth;
    if (waste < bestWaste) {
      best = b;
      bestWaste = waste;
    }
  }
  return best;
}

namespace {

using Halide::TailStrategy;

/// The output's (row band, channel block, group, image) loops fused into
/// one task loop, parallel when the layer is worth the dispatch.
void parallelOverTasks(Halide::Func out, Halide::Var yo, Halide::Var ob,
                       Halide::Var g, Halide::Var n, Halide::Var task,
                       const ConvGeometry &geo) {
  out.fuse(yo, ob, task).fuse(task, g, task).fuse(task, n, task);
  if (worthParallelizing(geo.flops()))
    out.parallel(task);
}

/// A staging Func (x, y, c, n) computed once, (channel, image) planes
/// parallel when the layer is worth the dispatch, rows vectorized as
/// `vectorizeStagingRows` says.
void scheduleStagingFunc(Halide::Func f, int row, bool padding, int lanes,
                         bool parallel) {
  std::vector<Halide::Var> s = f.args();
  f.compute_root().reorder(s[0], s[1], s[2], s[3]).fuse(s[2], s[3], s[2]);
  vectorizeStagingRows(f, s[0], row, padding, lanes);
  if (parallel)
    f.parallel(s[2]);
}

/// The zero-padded input, or a tap gather and the padded input it reads;
/// nothing when another part of the layer stages them.
void scheduleStaged(ConvFuncs &conv, int lanes) {
  if (conv.stagingShared)
    return;
  const ConvGeometry &geo = conv.geo;
  const bool parallel = worthParallelizing(geo.flops());
  scheduleStagingFunc(conv.staged, geo.windowRow(), geo.padded(), lanes,
                      parallel);
  // The padded input a gather reads is a padding test (the row is unused).
  if (conv.stagingSource.defined())
    scheduleStagingFunc(conv.stagingSource, /*row=*/0, /*padding=*/true,
                        lanes, parallel);
}

/// Accumulators of a pixel-vectorized tile: 24 of the 32 AVX-512
/// registers (12 of AVX2's 16); the rest hold the loaded input vectors and
/// the broadcast weight.
int pixelTileAccumulators(int lanes) { return lanes >= 16 ? 24 : 12; }

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

/// The vector width over output pixels, or 0 when the layer keeps the
/// channel-vectorized schedule: its groups fill a vector of channels, its
/// rows are narrower than the narrowest vector, or a horizontal stride
/// over 2 would turn the input loads into gathers. Groups of a few vectors'
/// worth of channels that fill no whole channel block (LeNet's 20 filters
/// in blocks of 32) go over pixels when that wastes fewer lanes: there the
/// cost is the vector lanes a row leaves empty and the pixels that the
/// last tile, shifted inwards, computes twice.
int pixelVectorWidth(const ConvGeometry &geo, int lanes, int channelBlock) {
  const int Og = geo.Og(), OW = geo.OW();
  if (geo.strideW > 2)
    return 0;
  int width = lanes;
  while (width > OW && width > 4)
    width /= 2;
  if (width > OW)
    return 0;
  // Fewer filters than a vector: over pixels, unless the block is a
  // single vector (the last part of a split layer), which then competes
  // on lanes used like the others.
  if (Og < lanes && channelBlock > lanes)
    return width;
  if (Og % lanes == 0 || Og > pixelTileAccumulators(lanes))
    return 0;
  const int tileW =
      width *
      std::max(1, std::min(OW / width, pixelTileAccumulators(lanes) / Og));
  const double pixelUse = static_cast<double>(width) / lanes * OW /
                          (static_cast<double>(ceilDiv(OW, tileW)) * tileW);
  const double channelUse =
      static_cast<double>(Og) / (ceilDiv(Og, channelBlock) * channelBlock);
  return pixelUse > channelUse ? width : 0;
}

void schedulePixelVectorizedConv(ConvFuncs &conv, int width, int lanes) {
  const ConvGeometry &geo = conv.geo;
  const int Og = geo.Og(), OW = geo.OW(), OH = geo.OH();
  const int accumulators = pixelTileAccumulators(lanes);
  // Rows exactly one narrowed vector wide (LeNet's 8-pixel conv2 on
  // AVX-512) stack `rows` of them into one full vector: two dense loads
  // and a shuffle per input vector instead of half-empty registers.
  const int rows =
      width < lanes && OW == width && OH >= lanes / width ? lanes / width : 1;
  const int vecs = std::max(1, std::min(OW / width, accumulators / Og));
  const int tileW = vecs * width;
  const int tileH =
      rows * std::max(1, std::min(OH / rows,
                                  accumulators / std::max(1, Og * vecs)));

  std::vector<Halide::Var> a = conv.out.args();
  Halide::Var oi = a[0], x = a[1], y = a[2], ob = a[3], g = a[4], n = a[5];
  Halide::Var xo("xo"), xi("xi"), yo("yo"), yi("yi"), task("task");
  conv.out.compute_root()
      .bound(oi, 0, Og)
      .bound(x, 0, OW)
      .bound(y, 0, OH)
      .reorder_storage(x, y, oi, ob, g, n)
      .split(x, xo, xi, tileW, TailStrategy::ShiftInwards)
      .split(y, yo, yi, tileH, TailStrategy::ShiftInwards)
      .reorder(xi, oi, yi, xo, yo, ob, g, n)
      .vectorize(xi, width)
      .unroll(oi)
      .unroll(yi);
  parallelOverTasks(conv.out, yo, ob, g, n, task, geo);

  std::vector<Halide::Var> av = conv.acc.args();
  Halide::Var aoi = av[0], ax = av[1], ay = av[2];
  Halide::Var axo("axo"), axi("axi"), ayo("ayo"), ayi("ayi");
  conv.acc.compute_at(conv.out, xo)
      .reorder_storage(ax, ay, aoi, av[3], av[4], av[5])
      .split(ax, axo, axi, width)
      .split(ay, ayo, ayi, rows)
      .reorder(axi, ayi, axo, aoi, ayo)
      .vectorize(axi)
      .unroll(axo)
      .unroll(aoi)
      .unroll(ayo);
  Halide::Stage update = conv.acc.update();
  update.split(ax, axo, axi, width)
      .split(ay, ayo, ayi, rows)
      .reorder(axi, ayi, axo, aoi, ayo, conv.r.x, conv.r.y, conv.r.z)
      .vectorize(axi)
      .unroll(axo)
      .unroll(aoi)
      .unroll(ayo);
  if (rows > 1) {
    conv.acc.vectorize(ayi);
    update.vectorize(ayi);
  } else {
    conv.acc.unroll(ayi);
    update.unroll(ayi);
  }
  if (geo.KW <= 7)
    update.unroll(conv.r.x);

  scheduleStaged(conv, lanes);
}

} // namespace

bool convStoresChannelsInnermost(const ConvFuncs &conv,
                                 const Halide::Target &target) {
  return pixelVectorWidth(conv.geo, f32VectorLanes(target),
                          conv.channelBlock) == 0;
}

void scheduleConvCPU(ConvFuncs &conv, const Halide::Target &target) {
  const int lanes = f32VectorLanes(target);
  if (int width = pixelVectorWidth(conv.geo, lanes, conv.channelBlock)) {
    schedulePixelVectorizedConv(conv, width, lanes);
    return;
  }
  const int vectorsPerBlock = conv.channelBlock / lanes;
  // Accumulators get the register file minus the weight vectors and the
  // broadcast: 32 registers with AVX-512, 16 with AVX2.
  const int registers = lanes >= 16 ? 32 : 16;
  // With the kernel columns inside the input channels, LLVM unrolls them
  // and keeps the broadcasts of a row segment live across them
  // (rowBlock + KW - 1 of them), so they count too. With the input
  // channels innermost each broadcast dies after its FMAs: the block can
  // be wider (up to 14 pixels of 2 vectors: AlexNet's whole 13-pixel rows
  // instead of two 7-pixel blocks, one pixel of them wasted), at one
  // broadcast per pixel and tap instead of one per input pixel.
  const int kw = conv.geo.KW;
  const int OW = conv.geo.OW();
  const int columnsInside = convRowBlock(
      OW, std::max(1, (registers - vectorsPerBlock - kw + 1) /
                          (vectorsPerBlock + 1)));
  const int channelsInside = convRowBlock(
      OW, std::max(1, (registers - vectorsPerBlock - 2) / vectorsPerBlock));
  auto rowUse = [&](int block) {
    return static_cast<double>(OW) / (ceilDiv(OW, block) * block);
  };
  // Only where the wider block wastes fewer pixels: where both cut the row
  // exactly (ResNet's 56-, 28- and 14-pixel rows) ResNet-18 ran no faster
  // with the channels innermost.
  const bool channelsInnermost =
      rowUse(channelsInside) > rowUse(columnsInside);
  const int rowBlock = channelsInnermost ? channelsInside : columnsInside;

  const ConvGeometry &geo = conv.geo;
  const int OH = geo.OH();

  // Work is split into tasks of (band of rows, channel block, group, image).
  // Bands exist only to give every thread work when blocks are few: fewer
  // bands mean more reuse of a weight chunk.
  const int blockTasks = conv.blocks * geo.groups * geo.N;
  const int bands = std::min(OH, std::max(1, (8 + blockTasks - 1) / blockTasks));
  const int bandRows = (OH + bands - 1) / bands;

  // The reduction over input channels is cut into chunks whose weights
  // (chunk × KH × KW × block floats) fit in L1; each chunk sweeps every row
  // segment of the band, so a weight vector is read from L1 once per
  // segment rather than from L2.
  const int chunkLimit = std::max(
      1, 32 * 1024 / (geo.KH * geo.KW * conv.channelBlock * 4));
  int chunk = 1;
  for (int d = std::min(chunkLimit, geo.Cg()); d >= 1; --d)
    if (geo.Cg() % d == 0) {
      chunk = d;
      break;
    }

  std::vector<Halide::Var> a = conv.out.args();
  Halide::Var oi = a[0], x = a[1], y = a[2], ob = a[3], g = a[4], n = a[5];
  Halide::Var yo("yo"), yi("yi"), xo("xo"), xi("xi"), ovec("ovec"),
      olane("olane"), task("task");

  conv.out.compute_root()
      .bound(oi, 0, conv.channelBlock)
      .split(y, yo, yi, bandRows, TailStrategy::RoundUp)
      .reorder(oi, x, yi, yo, ob, g, n)
      .vectorize(oi, lanes);
  parallelOverTasks(conv.out, yo, ob, g, n, task, geo);

  std::vector<Halide::Var> av = conv.acc.args();
  Halide::Var ax = av[1], ay = av[2], aob = av[3], ag = av[4], an = av[5];
  Halide::RVar rco("rco"), rci("rci");
  conv.acc.compute_at(conv.out, task)
      .split(av[0], ovec, olane, lanes)
      .vectorize(olane)
      .unroll(ovec);
  conv.acc.update()
      .split(av[0], ovec, olane, lanes)
      .split(ax, xo, xi, rowBlock, TailStrategy::RoundUp)
      .split(conv.r.z, rco, rci, chunk)
      .vectorize(olane)
      .unroll(ovec)
      .unroll(xi);
  if (channelsInnermost)
    conv.acc.update().reorder(olane, ovec, xi, rci, conv.r.x, conv.r.y, xo,
                              ay, rco, aob, ag, an);
  else
    conv.acc.update().reorder(olane, ovec, xi, conv.r.x, conv.r.y, rci, xo,
                              ay, rco, aob, ag, an);

  scheduleStaged(conv, lanes);
}

} // namespace sslc::codegen
