//===- conv_bench.cpp - sslc dense convolution vs oneDNN ------------------===//
//
// Times sslc's Halide convolution (whole layer: padding, convolution, NCHW
// output) and oneDNN's convolution primitive (its preferred blocked layouts,
// reorders excluded) on the AlexNet/CaffeNet and LeNet layers, in the same
// process, and prints the throughput ratio sslc/oneDNN.
//
// usage: conv_bench [--threads T] [--batch B]... [--runs N] [--layer NAME]
//        conv_bench --ssl [--threads T] [--runs N]
//        conv_bench --onednn-only [--threads T] [--batch B]... [--layer NAME]
//
// --ssl runs AlexNet conv1-5 with the structure SSL learned in Wen et al.
// (2016), Table 4 ("SSL #2"): in every group the given fraction of filters
// (rows of the lowered weight matrix) and of filter-shape columns removed,
// each layer compiled as sslc compiles a shape-pruned conv (per group a
// gather of the live taps, then a register-blocked product; the removed
// filters' bias as constant channels), against oneDNN's dense layer.
//
// --onednn-only times only the oneDNN primitive of the selected layers
// (bench/ssl_onnx_bench.py pairs it with `sslc bench` on ONNX files).
//
//===----------------------------------------------------------------------===//
#include "codegen/Ops/ConvAlgorithm.h"
#include "codegen/Ops/TapGather.h"
#include "codegen/Schedules/ConvSchedules.h"
#include "codegen/Schedules/RowVectors.h"
#include "codegen/Schedules/TapConvSchedules.h"
#include "codegen/RunContext.h"
#include "codegen/Target.h"

#include <dnnl.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

using namespace sslc::codegen;

namespace {

struct Layer {
  const char *name;
  int C, HW, O, K, stride, pad, groups;
};

// CaffeNet conv1-5 and Caffe LeNet conv1-2.
const Layer kLayers[] = {
    {"alexnet.conv1", 3, 227, 96, 11, 4, 0, 1},
    {"alexnet.conv2", 96, 27, 256, 5, 1, 2, 2},
    {"alexnet.conv3", 256, 13, 384, 3, 1, 1, 1},
    {"alexnet.conv4", 384, 13, 384, 3, 1, 1, 2},
    {"alexnet.conv5", 384, 13, 256, 3, 1, 1, 2},
    {"lenet.conv1", 1, 28, 20, 5, 1, 0, 1},
    {"lenet.conv2", 20, 12, 50, 5, 1, 0, 1},
};

ConvGeometry geometry(const Layer &l, int batch) {
  ConvGeometry g;
  g.N = batch;
  g.C = l.C;
  g.H = g.W = l.HW;
  g.O = l.O;
  g.KH = g.KW = l.K;
  g.strideH = g.strideW = l.stride;
  g.padT = g.padL = g.padB = g.padR = l.pad;
  g.groups = l.groups;
  return g;
}

std::vector<float> randomValues(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1, 1);
  std::vector<float> v(n);
  for (float &x : v)
    x = d(rng);
  return v;
}

template <typename F> double medianMs(F &&f, int runs) {
  for (int i = 0; i < 3; ++i)
    f();
  std::vector<double> t;
  for (int i = 0; i < runs; ++i) {
    auto s = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - s)
                    .count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

/// sslc: the same algorithm and schedule the compiler uses for conv layers.
double timeSslc(RunContext &ctx, const ConvGeometry &g, const std::vector<float> &in,
                const std::vector<float> &w, const std::vector<float> &b,
                int runs, double &maxError) {
  Halide::Target target = Halide::get_jit_target_from_environment();
  Halide::ImageParam input(Halide::Float(32), 4, "input");
  Halide::Var x, y, c, n;
  Halide::Func inF("in");
  inF(x, y, c, n) = input(x, y, c, n);
  ConvFuncs conv = buildConvolution(inF, g, w, b, /*relu=*/false, "conv",
                                    2 * f32VectorLanes(target));
  scheduleConvCPU(conv, target);
  Halide::Func out = asNCHW(conv, "output");
  out.compute_root();
  vectorizeRows(out, g.OW(), f32VectorLanes(target));
  if (worthParallelizing(g.flops()))
    out.parallel(out.args()[2]);
  if (const char *dump = std::getenv("SSLC_BENCH_ASM"))
    out.compile_to_assembly(std::string(dump) + "." + conv.out.name() + ".s",
                            {input}, "conv", target);
  out.compile_jit(target);

  Halide::Buffer<float> inBuf(const_cast<float *>(in.data()), g.W, g.H, g.C,
                              g.N);
  Halide::Buffer<float> outBuf(g.OW(), g.OH(), g.O, g.N);
  input.set(inBuf);
  double ms = medianMs([&] { out.realize(&ctx, outBuf, target); }, runs);

  // Spot-check one image against naive loops so a broken schedule cannot
  // report a good time.
  maxError = 0;
  for (int o = 0; o < g.O; o += std::max(1, g.O / 7))
    for (int oy = 0; oy < g.OH(); oy += std::max(1, g.OH() / 5))
      for (int ox = 0; ox < g.OW(); ox += std::max(1, g.OW() / 5)) {
        int grp = o / g.Og();
        double acc = b[o], mag = std::fabs(b[o]);
        for (int ci = 0; ci < g.Cg(); ++ci)
          for (int ky = 0; ky < g.KH; ++ky)
            for (int kx = 0; kx < g.KW; ++kx) {
              int iy = oy * g.strideH + ky - g.padT;
              int ix = ox * g.strideW + kx - g.padL;
              if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W)
                continue;
              double t = double(in[((size_t(grp * g.Cg() + ci)) * g.H + iy) *
                                       g.W + ix]) *
                         w[((size_t(o) * g.Cg() + ci) * g.KH + ky) * g.KW + kx];
              acc += t;
              mag += std::fabs(t);
            }
        maxError =
            std::max(maxError, std::fabs(outBuf(ox, oy, o, 0) - acc) / mag);
      }
  return ms;
}

/// oneDNN's convolution primitive for `g`, ready to run: the closure owns
/// the primitive and its memories.
std::function<void()> oneDnnConv(const ConvGeometry &g) {
  using namespace dnnl;
  using tag = memory::format_tag;
  using dt = memory::data_type;
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  memory::dims src = {g.N, g.C, g.H, g.W};
  memory::dims wei = g.groups == 1
                         ? memory::dims{g.O, g.C, g.KH, g.KW}
                         : memory::dims{g.groups, g.Og(), g.Cg(), g.KH, g.KW};
  memory::dims bia = {g.O};
  memory::dims dst = {g.N, g.O, g.OH(), g.OW()};
  auto any = [](const memory::dims &d) {
    return memory::desc(d, dt::f32, tag::any);
  };
  convolution_forward::desc desc(
      prop_kind::forward_inference, algorithm::convolution_direct, any(src),
      any(wei), any(bia), any(dst), {g.strideH, g.strideW},
      {g.dilH - 1, g.dilW - 1}, {g.padT, g.padL}, {g.padB, g.padR});
  convolution_forward::primitive_desc pd(desc, eng);
  memory srcM(pd.src_desc(), eng), weiM(pd.weights_desc(), eng),
      biaM(pd.bias_desc(), eng), dstM(pd.dst_desc(), eng);
  for (memory *m : {&srcM, &weiM, &biaM}) {
    float *p = static_cast<float *>(m->get_data_handle());
    size_t count = m->get_desc().get_size() / sizeof(float);
    std::vector<float> v = randomValues(count, 3);
    std::copy(v.begin(), v.end(), p);
  }
  convolution_forward conv(pd);
  return [=]() mutable {
    conv.execute(s, {{DNNL_ARG_SRC, srcM},
                     {DNNL_ARG_WEIGHTS, weiM},
                     {DNNL_ARG_BIAS, biaM},
                     {DNNL_ARG_DST, dstM}});
    s.wait();
  };
}

double timeOneDnn(const ConvGeometry &g, int runs) {
  return medianMs(oneDnnConv(g), runs);
}

/// Medians of `a` and `b` run alternately, so that the load of a busy
/// machine weighs on both alike.
template <typename A, typename B>
std::pair<double, double> interleavedMs(A &&a, B &&b, int runs) {
  for (int i = 0; i < 3; ++i) {
    a();
    b();
  }
  std::vector<double> ta, tb;
  auto time = [](auto &f) {
    auto s = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double, std::milli>(
               std::chrono::steady_clock::now() - s)
        .count();
  };
  for (int i = 0; i < runs; ++i) {
    ta.push_back(time(a));
    tb.push_back(time(b));
  }
  std::sort(ta.begin(), ta.end());
  std::sort(tb.begin(), tb.end());
  return {ta[ta.size() / 2], tb[tb.size() / 2]};
}

/// Column and row sparsity of SSL #2 (Wen et al. 2016, Table 4).
struct SslStructure {
  double columnSparsity, rowSparsity;
};
const SslStructure kAlexnetSsl2[] = {
    {0.0, 0.094}, {0.632, 0.129}, {0.769, 0.406}, {0.847, 0.469}, {0.807, 0.0}};

/// The pruned layer as sslc compiles an ssl.shape_pruned_conv2d: in each
/// group the live taps and filters of the structure (chosen at random), the
/// other filters their bias, the whole layer one pipeline (gathers, one
/// product per group, NCHW output with the constant channels). Checked
/// against naive loops on the live weights.
/// Returns sslc's median ms; `peerMs` gets oneDNN's dense layer, timed
/// alternately with it.
double timeSslcPruned(RunContext &ctx, const ConvGeometry &g,
                      const SslStructure &ssl, int runs, double &flops,
                      double &maxError, double &peerMs, unsigned seed) {
  Halide::Target target = Halide::get_jit_target_from_environment();
  const int G = g.groups, Og = g.Og(), Cg = g.Cg();
  const int liveO = std::max(1, int(std::lround(Og * (1 - ssl.rowSparsity))));
  const int columns = Cg * g.KH * g.KW;
  const int T = std::max(1, int(std::lround(columns * (1 - ssl.columnSparsity))));
  std::mt19937 rng(seed);
  ShapePrunedConv conv;
  conv.full = g;
  conv.columns = T;
  for (int grp = 0; grp < G; ++grp) {
    std::vector<int> order(columns);
    for (int i = 0; i < columns; ++i)
      order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::sort(order.begin(), order.begin() + T);
    for (int i = 0; i < T; ++i) {
      int col = order[i];
      conv.taps.push_back(grp * Cg + col / (g.KH * g.KW));
      conv.taps.push_back((col / g.KW) % g.KH);
      conv.taps.push_back(col % g.KW);
    }
    std::vector<int> rows(Og);
    for (int i = 0; i < Og; ++i)
      rows[i] = i;
    std::shuffle(rows.begin(), rows.end(), rng);
    std::sort(rows.begin(), rows.begin() + liveO);
    for (int i = 0; i < liveO; ++i)
      conv.filters.push_back(grp * Og + rows[i]);
  }
  conv.weight = randomValues(conv.filters.size() * size_t(T), seed + 1);
  conv.bias = randomValues(g.O, seed + 2);
  flops = 2.0 * g.N * g.OH() * g.OW() * double(conv.filters.size()) * T;

  std::vector<float> in = randomValues(size_t(g.N) * g.C * g.H * g.W, seed);
  Halide::Buffer<float> inBuf(in.data(), g.W, g.H, g.C, g.N);
  Halide::ImageParam input(Halide::Float(32), 4, "input");
  input.set(inBuf);
  Halide::Var x, y, c, n;
  Halide::Func inF("in");
  inF(x, y, c, n) = input(x, y, c, n);
  ShapePrunedConvFuncs funcs = buildShapePrunedConvolution(
      inF, conv, "spconv", 2 * f32VectorLanes(target));
  for (auto &part : funcs.groupConvs)
    scheduleConvCPU(*part, target);
  if (funcs.tapConv)
    scheduleTapConvCPU(*funcs.tapConv, target);
  // The output as sslc schedules a function result.
  Halide::Func out("output");
  out(x, y, c, n) = funcs.nchw(x, y, c, n);
  vectorizeRows(out, g.OW(), f32VectorLanes(target));
  out.parallel(n);
  out.compile_jit(target);
  Halide::Buffer<float> outBuf(g.OW(), g.OH(), g.O, g.N);
  std::function<void()> peer = oneDnnConv(g);
  auto [ms, peerTime] = interleavedMs(
      [&] { out.realize(&ctx, outBuf, target); }, peer, runs);
  peerMs = peerTime;

  std::vector<int> row(g.O, -1);
  for (size_t i = 0; i < conv.filters.size(); ++i)
    row[conv.filters[i]] = int(i);
  maxError = 0;
  for (int o = 0; o < g.O; ++o)
    for (int oy = 0; oy < g.OH(); oy += std::max(1, g.OH() / 5))
      for (int ox = 0; ox < g.OW(); ox += std::max(1, g.OW() / 5)) {
        double acc = conv.bias[o], mag = std::fabs(acc);
        const int grp = o / Og;
        for (int t = 0; row[o] >= 0 && t < T; ++t) {
          const int64_t *tap = &conv.taps[3 * (size_t(grp) * T + t)];
          int iy = oy * g.strideH + int(tap[1]) - g.padT;
          int ix = ox * g.strideW + int(tap[2]) - g.padL;
          if (iy < 0 || iy >= g.H || ix < 0 || ix >= g.W)
            continue;
          double v = double(in[(size_t(tap[0]) * g.H + iy) * g.W + ix]) *
                     conv.weight[size_t(row[o]) * T + t];
          acc += v;
          mag += std::fabs(v);
        }
        maxError =
            std::max(maxError, std::fabs(outBuf(ox, oy, o, 0) - acc) / mag);
      }
  return ms;
}

int runSsl(RunContext &ctx, int threads, int runs) {
  std::printf("AlexNet with SSL #2 structure, batch 1, %d thread(s), whole "
              "layer (gather included), sslc and oneDNN timed alternately\n",
              threads);
  std::printf("%-14s %7s %7s %11s %10s %9s %9s %8s %9s\n", "layer", "col %",
              "row %", "oneDNN ms", "sslc ms", "speedup", "FLOP ideal",
              "reached", "max relerr");
  double sum = 0, idealSum = 0;
  for (int i = 0; i < 5; ++i) {
    ConvGeometry g = geometry(kLayers[i], 1);
    double prunedFlops = 0, err = 0, peer = 0;
    double ours = timeSslcPruned(ctx, g, kAlexnetSsl2[i], runs, prunedFlops,
                                 err, peer, 100 + i);
    double speedup = peer / ours, ideal = g.flops() / prunedFlops;
    sum += speedup;
    idealSum += ideal;
    std::printf("%-14s %7.1f %7.1f %11.3f %10.3f %8.2fx %8.2fx %7.0f%% "
                "%9.1e\n",
                kLayers[i].name, 100 * kAlexnetSsl2[i].columnSparsity,
                100 * kAlexnetSsl2[i].rowSparsity, peer, ours, speedup, ideal,
                100 * speedup / ideal, err);
    std::fflush(stdout);
  }
  std::printf("mean speedup over oneDNN dense: %.2fx (FLOP ideal %.2fx; "
              "Wen et al. report 5.07x over their dense GEMM)\n",
              sum / 5, idealSum / 5);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  int threads = 1, runs = 20;
  bool ssl = false, onednnOnly = false;
  std::vector<int> batches;
  std::string only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "conv_bench: %s expects a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--threads")
      threads = std::atoi(next().c_str());
    else if (a == "--batch")
      batches.push_back(std::atoi(next().c_str()));
    else if (a == "--runs")
      runs = std::atoi(next().c_str());
    else if (a == "--layer")
      only = next();
    else if (a == "--ssl")
      ssl = true;
    else if (a == "--onednn-only")
      onednnOnly = true;
    else {
      std::fprintf(stderr, "usage: conv_bench [--ssl | --onednn-only] "
                           "[--threads T] [--batch B]... [--runs N] "
                           "[--layer NAME]\n");
      return 2;
    }
  }
  if (threads < 1 || runs < 1) {
    std::fprintf(stderr, "conv_bench: --threads and --runs must be >= 1\n");
    return 2;
  }
  if (batches.empty())
    batches = {1, 32};
  // sslc runs with the same per-executable pool and allocator as the JIT;
  // oneDNN with OpenMP limited to the same thread count.
  BufferPool pool;
  ThreadPool workers(threads);
  RunContext ctx;
  ctx.install(&pool, &workers);
  omp_set_num_threads(threads);
  if (ssl)
    return runSsl(ctx, threads, runs);
  if (onednnOnly) {
    std::printf("%-14s %5s %3s %10s\n", "layer", "batch", "thr", "oneDNN ms");
    for (int batch : batches)
      for (const Layer &l : kLayers)
        if (only.empty() || only == l.name)
          std::printf("%-14s %5d %3d %10.4f\n", l.name, batch, threads,
                      timeOneDnn(geometry(l, batch), runs));
    return 0;
  }

  std::printf("%-14s %5s %3s %10s %10s %9s %9s %7s %9s\n", "layer", "batch",
              "thr", "sslc ms", "oneDNN ms", "sslc GF/s", "dnnl GF/s",
              "ratio", "max relerr");
  double logSum = 0;
  int count = 0;
  for (int batch : batches)
    for (const Layer &l : kLayers) {
      if (!only.empty() && only != l.name)
        continue;
      ConvGeometry g = geometry(l, batch);
      std::vector<float> in = randomValues(size_t(g.N) * g.C * g.H * g.W, 1);
      std::vector<float> w =
          randomValues(size_t(g.O) * g.Cg() * g.KH * g.KW, 2);
      std::vector<float> b = randomValues(g.O, 3);
      int r = batch > 1 ? std::max(3, runs / 4) : runs;
      double err = 0;
      double ours = timeSslc(ctx, g, in, w, b, r, err);
      double peer = timeOneDnn(g, r);
      double gf = g.flops() * 1e-6;
      double ratio = peer / ours;
      logSum += std::log(ratio);
      ++count;
      std::printf("%-14s %5d %3d %10.3f %10.3f %9.1f %9.1f %6.2fx %9.1e\n",
                  l.name, batch, threads, ours, peer, gf / ours, gf / peer,
                  ratio, err);
      std::fflush(stdout);
    }
  if (count)
    std::printf("geometric mean sslc/oneDNN throughput: %.2fx over %d layers\n",
                std::exp(logSum / count), count);
  return 0;
}
