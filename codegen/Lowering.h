//===- Lowering.h - Inference IR to a Halide pipeline -----------*- C++ -*-===//
//
// Algorithm only: each op family lowers to Funcs in Ops/, with every shape a
// compile-time constant. Schedules (Schedules/) are applied afterwards to the
// recorded stages, so the same lowering serves CPU and CUDA, JIT and AOT.
//
// Layout: a tensor of MLIR shape [d0, ..., dn] (row-major) is a Func whose
// Halide arguments are (dn, ..., d0): Halide's first dimension is the
// innermost one.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_CODEGEN_LOWERING_H
#define SSLC_CODEGEN_LOWERING_H

#include "Halide.h"
#include "codegen/Ops/ConvAlgorithm.h"
#include "codegen/Ops/GradientAlgorithm.h"
#include "codegen/Ops/TapGather.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <optional>
#include <vector>

namespace sslc::codegen {

/// A tensor value during lowering: its Func and its MLIR (row-major) shape.
struct HTensor {
  Halide::Func func;
  std::vector<int64_t> shape;

  int rank() const { return static_cast<int>(shape.size()); }
  /// Extent of Halide dimension `d` (0 = innermost).
  int extent(int d) const { return static_cast<int>(shape[rank() - 1 - d]); }
};

/// What a schedule needs to know about a Func the lowering made.
enum class StageKind {
  /// y(m, n) = b(m) + Σ_k x(k, n) · w(m, k); weights packed output-innermost.
  Dense,
  /// Elementwise or a small window; inlined into its consumer.
  Elementwise,
  /// Direct convolution (also the GEMM of a shape-pruned one); `conv` holds
  /// its Funcs.
  Conv,
  /// Computed once into its own buffer because a consumer reads each value
  /// many times (a dense layer's input, a gathered tap matrix).
  Materialize,
  /// A reduction over a whole axis (softmax statistics, global pooling).
  Reduction,
  /// The weight gradient of a convolution; `convGradWeight` holds its Funcs.
  ConvGradWeight,
  /// A shape-pruned convolution of many groups (depthwise), one reduction
  /// per filter over its group's taps; `tapConv` holds its Funcs.
  TapConv,
};

struct Stage {
  StageKind kind;
  Halide::Func func;
  std::vector<int64_t> shape;
  mlir::Operation *op;
  std::shared_ptr<ConvFuncs> conv;
  std::shared_ptr<ConvGradWeightFuncs> convGradWeight = nullptr;
  std::shared_ptr<TapConvFuncs> tapConv = nullptr;
};

/// A tensor that one segment of a split network computes and later
/// segments read (see LoweringOptions::maxStagesPerSegment).
struct Intermediate {
  /// An output of segment `segment`.
  Halide::Func producer;
  /// What later segments read; bound to the buffer `producer` fills.
  Halide::ImageParam param;
  std::vector<int64_t> shape;
  int segment;
  /// `producer` is a stage the schedule already computes into its own
  /// buffer (otherwise it is a copy, scheduled as an output).
  bool scheduled = false;
};

struct LoweredNetwork {
  std::vector<Halide::ImageParam> inputs;
  std::vector<std::vector<int64_t>> inputShapes;
  /// One Func per function result, named output / output0, output1, ...
  std::vector<Halide::Func> outputs;
  std::vector<std::vector<int64_t>> outputShapes;
  std::vector<Stage> stages;
  /// With parameters as inputs: the global each input reads ("" for the
  /// function's arguments) and the global each output writes through
  /// ml_program.global_store ("" for the function's results).
  std::vector<std::string> inputGlobals;
  std::vector<std::string> outputGlobals;
  /// A network split into segments is run as one pipeline per segment, in
  /// order: each computes its share of `outputs` (`outputSegment[i]` is the
  /// segment of output i) and the intermediates later segments read.
  int numSegments = 1;
  std::vector<int> outputSegment;
  std::vector<Intermediate> intermediates;
  /// The op behind each Halide name the lowering chose (stages, embedded
  /// parameter buffers), so a Halide error is reported where it belongs.
  std::map<std::string, mlir::Operation *> origins;
};

struct LoweringOptions {
  /// Parameters (every loaded global) become inputs of the pipeline and
  /// ml_program.global_store becomes an output, instead of parameters being
  /// embedded as constants: the form of Training IR, whose parameters
  /// change at every step.
  bool parametersAsInputs = false;
  /// Name of the output Func (numbered when there are several). AOT keeps
  /// "output": it names the output argument of the generated function.
  /// JIT code uses another name because Halide keeps the names of
  /// JIT-compiled outputs, so a later AOT compile in the same process would
  /// get a renamed argument.
  std::string outputName = "output";
  /// Split the function into segments of about this many scheduled stages
  /// (0: one pipeline). Halide's compile time grows faster than linearly
  /// with the stages of a pipeline, and a train step of a deep network has
  /// thousands; tensors that cross a cut are stored, which the backward
  /// pass needs for most of them anyway.
  int maxStagesPerSegment = 0;
};

/// Fresh Vars for a Func of `rank` dimensions, innermost first.
std::vector<Halide::Var> makeVars(int rank);

/// A pipeline input of `type`'s static shape with dense strides.
Halide::ImageParam staticInput(Halide::Type elementType,
                               mlir::RankedTensorType type,
                               const std::string &name);
/// The same for a row-major `shape`.
Halide::ImageParam staticInput(Halide::Type elementType,
                               const std::vector<int64_t> &shape,
                               const std::string &name);

/// Shared state while lowering one function.
class LoweringContext {
public:
  explicit LoweringContext(LoweredNetwork &net,
                           const LoweringOptions &options = {})
      : net(net), options(options) {}

  /// The tensor of `v`; a parameter used as an activation (a folded
  /// constant tensor) becomes a Func over its values on first use. Returned
  /// by value (a Func is a handle): a later lookup may insert into the map,
  /// so a reference into it would not survive the next call.
  HTensor lookup(mlir::Value v);
  void bind(mlir::Value v, HTensor t) { values[v] = std::move(t); }
  void addStage(StageKind kind, const HTensor &t, mlir::Operation *op) {
    net.stages.push_back({kind, t.func, t.shape, op, nullptr});
    net.origins[t.func.name()] = op;
    if (kind != StageKind::Elementwise)
      ++segmentStages;
  }
  void addConvStage(std::shared_ptr<ConvFuncs> conv, const HTensor &t,
                    mlir::Operation *op) {
    net.stages.push_back({StageKind::Conv, t.func, t.shape, op, conv});
    net.origins[t.func.name()] = op;
    ++segmentStages;
  }
  void addTapConvStage(std::shared_ptr<TapConvFuncs> conv, const HTensor &t,
                       mlir::Operation *op) {
    net.stages.push_back({StageKind::TapConv, t.func, t.shape, op, nullptr,
                          nullptr, std::move(conv)});
    net.origins[t.func.name()] = op;
    ++segmentStages;
  }
  /// An elementwise result of `ins`, inlined into its consumer like every
  /// elementwise stage, unless it ends a chain of kMaxInlineChain inlined
  /// stages: then it is stored. Halide's common-subexpression elimination
  /// grows faster than linearly in the depth of a nested expression (300
  /// chained ReLUs took 5 s to compile, 600 took 58 s).
  void addElementwiseStage(const HTensor &t, llvm::ArrayRef<HTensor> ins,
                           mlir::Operation *op);
  static constexpr int kMaxInlineChain = 16;
  /// Scheduled stages added since the current segment began.
  int stagesInSegment() const { return segmentStages; }
  /// Ends the current segment after `last`: every value computed so far
  /// that an op after `last` reads becomes an intermediate, and is read
  /// from its buffer from now on.
  void closeSegment(mlir::Operation *last);
  int segment() const { return net.numSegments - 1; }
  /// `t` computed into its own buffer; returns the materialized tensor.
  HTensor materialize(const HTensor &t, const std::string &name,
                      mlir::Operation *op);
  /// The value `v` in its own buffer, materialized once however many
  /// consumers ask (a backward op often reads what a forward op read).
  HTensor materialized(mlir::Value v, mlir::Operation *op);
  bool parametersAsInputs() const { return options.parametersAsInputs; }
  /// Computes into its own buffer every elementwise result of `op` that
  /// several ops read. A train step reads most forward activations again in
  /// its backward pass, and an inlined chain through residual sums would
  /// otherwise be recomputed, and compiled, once per reader.
  void materializeShared(mlir::Operation *op);
  const LoweringOptions &loweringOptions() const { return options; }
  LoweredNetwork &network() { return net; }
  /// The target the network is lowered for (algorithm choices that depend
  /// on it, such as the channel block, read it here).
  const Halide::Target &target() const { return targetRef; }
  void setTarget(const Halide::Target &t) { targetRef = t; }
  /// A Func several ops' lowerings compute alike (a weight's group norms
  /// serve the group-Lasso term and its subgradient), under a key they
  /// agree on; forgotten at a segment cut so pipelines share no stage.
  std::optional<Halide::Func> sharedFunc(const std::string &key) const {
    auto it = shared.find(key);
    return it == shared.end() ? std::nullopt
                              : std::optional<Halide::Func>(it->second);
  }
  void shareFunc(const std::string &key, Halide::Func f) { shared[key] = f; }
  /// A fresh number for naming Funcs and buffers.
  int nextId() { return counter++; }

  /// A constant parameter as a Buffer in Halide order; the buffer is named
  /// after the parameter so AOT embeds it under a readable symbol.
  static Halide::Buffer<float> toBuffer(mlir::ElementsAttr attr,
                                        const std::string &name);
  /// The embedded buffer of the parameter global `global`, made once
  /// however many loads and ops read it (PyTorch's exporter shares one
  /// initializer between layers with equal values), or a null buffer when
  /// its values cannot be read.
  Halide::Buffer<float> parameterBuffer(mlir::Operation *global);
  /// `base` as a C identifier that no earlier call returned and that no
  /// generated Func or pipeline argument can have: Halide requires every
  /// embedded buffer and parameter of a pipeline to have its own name.
  std::string uniqueName(llvm::StringRef base);

private:
  LoweredNetwork &net;
  LoweringOptions options;
  llvm::DenseMap<mlir::Value, HTensor> values;
  llvm::DenseMap<mlir::Value, HTensor> materializedValues;
  /// Values read from an intermediate of an earlier segment.
  llvm::DenseMap<mlir::Value, HTensor> crossed;
  std::map<std::string, Halide::Func> shared;
  /// How many inlined elementwise stages end in each Func (by name).
  std::map<std::string, int> inlineChain;
  llvm::DenseMap<mlir::Operation *, Halide::Buffer<float>> parameterBuffers;
  llvm::StringSet<> usedNames;
  Halide::Target targetRef;
  int counter = 0;
  int segmentStages = 0;
};

/// Lowers `fn` (which satisfies the Inference IR contract, or is a Training
/// IR train_step lowered with parameters as inputs). Unsupported ops are
/// reported at their location.
mlir::FailureOr<LoweredNetwork>
lowerFunction(mlir::func::FuncOp fn, const Halide::Target &target,
              const LoweringOptions &options = {});

/// Plain values of a constant parameter, row-major.
mlir::FailureOr<std::vector<float>> constantValues(mlir::Operation *user,
                                                   mlir::Value v,
                                                   llvm::StringRef what);

} // namespace sslc::codegen

#endif
