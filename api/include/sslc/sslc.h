//===- sslc.h - the public C++ API of sslc ----------------------*- C++ -*-===//
//
// Load a network (ONNX, .mlir, zoo name; safetensors weights), inspect its
// inputs, outputs and learned structure, prune it, JIT-compile it for a
// target and thread count, run it on memory the caller owns, and write it
// ahead of time as a static library + header. Only the standard library
// appears here: no MLIR, LLVM or Halide type, so a consumer builds with any
// flags against the installed `sslc::sslc` (find_package(sslc)).
//
// Every failure throws `sslc::Error` carrying the message the `sslc` command
// line prints for the same failure (the file or option first, then expected
// vs found); nothing aborts.
//
//===----------------------------------------------------------------------===//
#ifndef SSLC_API_SSLC_H
#define SSLC_API_SSLC_H

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sslc {

/// What failed, so callers (and the Python module's exception classes) can
/// tell a bad argument from a model that does not load or compile.
enum class ErrorKind {
  /// A bad argument: an unknown option value, a wrong shape or count.
  InvalidArgument,
  /// The model file, zoo name or weights could not be loaded.
  Load,
  /// A pass pipeline (pruning, inference lowering) rejected the model.
  Pipeline,
  /// Lowering or JIT compilation failed.
  Compile,
  /// The compiled code reported an error while running.
  Run,
  /// Writing AOT artefacts or another output file failed.
  Export,
  /// Training failed: a dataset, checkpoint or train step could not be used.
  Train,
};

/// "invalid-argument", "load", ... (used by the Python module and in
/// messages).
const char *errorKindName(ErrorKind kind);

class Error : public std::runtime_error {
public:
  Error(ErrorKind kind, const std::string &message);
  ~Error() override;
  ErrorKind kind() const noexcept { return kind_; }

private:
  ErrorKind kind_;
};

/// A named tensor of the network's signature or one of its parameters.
struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape;
  int64_t numElements() const;
};

/// A dense row-major float32 tensor owned by the caller (no copy is made).
struct ConstTensorRef {
  const float *data = nullptr;
  std::vector<int64_t> shape;
};
struct TensorRef {
  float *data = nullptr;
  std::vector<int64_t> shape;
};

/// A dense row-major float32 tensor owned by the API (parameters, results of
/// the allocating `run`).
struct HostTensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// What is left of one convolution or dense layer (the table `sslc report`
/// prints). Dense layers count rows as filters and columns as channels;
/// shape columns (C·KH·KW filter-shape groups) are convolution-only.
struct LayerReport {
  std::string name;
  /// "conv" or "dense".
  std::string kind;
  std::vector<int64_t> shape;
  int64_t filters = 0, liveFilters = 0;
  int64_t channels = 0, liveChannels = 0;
  int64_t shapeColumns = 0, liveShapeColumns = 0;
  /// Fraction of weights that are exactly zero.
  double sparsity = 0;
  /// Every weight is zero (the layer is removed or folded by pruning).
  bool removed = false;
  /// The weight's shape after pruning; empty when pruning folded the layer
  /// away.
  std::vector<int64_t> prunedShape;
};

/// Zero filters that pruning keeps in one layer, and the rule that keeps
/// them (their output is a constant that is not computed, e.g. "'p2'
/// zero-pads it, and a nonzero constant is position-dependent there").
struct KeptZeroFilters {
  std::string layer;
  std::string reason;
  int64_t count = 0;
};

struct StructureReport {
  std::vector<LayerReport> layers;
  std::vector<KeptZeroFilters> keptZeroFilters;
  /// Multiply-adds counted as 2 FLOPs, of the model and of its pruned form.
  double flops = 0, prunedFlops = 0;
  int64_t parameters = 0, prunedParameters = 0;
  /// The per-layer table, the kept zero filters and the FLOP / parameter
  /// summary as text (what `sslc report` prints).
  std::string text() const;
};

struct LoadOptions {
  /// A safetensors file whose tensors replace parameters by name (PyTorch
  /// state_dict names and layouts); empty keeps the model's own values.
  std::string weights;
  /// Batch of zoo models and of an ONNX model's symbolic batch dimension.
  int64_t batch = 1;
  /// Per-sample input shape of zoo models (e.g. {1, 28, 28} for a ResNet-20
  /// on MNIST); empty keeps the model's own. Files fix their own shapes.
  std::vector<int64_t> sampleShape;
};

class CompiledModel;
struct ExportOptions;

/// A network in sslc's Model IR (or pruned IR). Models are values: every
/// transformation returns a new Model and leaves its argument unchanged.
/// Copies share the underlying (immutable) network.
class Model {
public:
  /// `pathOrZooName` is a .onnx or .mlir file or a zoo name (lenet, mlp,
  /// convnet, resnet20, resnet32, resnet56, alexnet).
  static Model load(const std::string &pathOrZooName,
                    const LoadOptions &options = {});
  ~Model();
  Model(const Model &);
  Model &operator=(const Model &);
  Model(Model &&) noexcept;
  Model &operator=(Model &&) noexcept;

  /// What the model was loaded from.
  const std::string &source() const;
  /// The entry function's arguments ("input", or "input0", "input1", ...)
  /// and results ("output", or "output0", ...): the argument names of the
  /// function `CompiledModel::exportLibrary` writes.
  std::vector<TensorInfo> inputs() const;
  std::vector<TensorInfo> outputs() const;
  /// Every parameter (ml_program global with a value) by name and shape.
  std::vector<TensorInfo> parameters() const;
  HostTensor parameter(const std::string &name) const;
  /// A copy with the named parameters replaced; every name must be a
  /// parameter with the same shape (else InvalidArgument, nothing changed).
  Model withWeights(const std::map<std::string, ConstTensorRef> &weights) const;
  /// A copy with the parameters of a safetensors file.
  Model withWeights(const std::string &safetensorsPath) const;

  /// The learned structure per layer and what pruning leaves.
  StructureReport report() const;
  /// Writes the report's figures into `dir` (created if missing):
  /// conv1_filters.svg (the first convolution's filters, each at its own
  /// contrast, dead ones crossed out) and live_structure.svg (live and total
  /// filters, channels and filter-shape columns per layer). Returns the
  /// paths written.
  std::vector<std::string> writeReportFigures(const std::string &dir) const;
  /// The `ssl-prune` pipeline: every removable all-zero group deleted, batch
  /// norm folded; the same function with smaller tensors.
  Model prune() const;
  bool isPruned() const;
  /// The model as MLIR text (the ssl dialect).
  std::string mlir() const;
  /// The Inference IR that compilation lowers (training-only ops stripped),
  /// as MLIR text.
  std::string inferenceMlir() const;

  struct Impl;

private:
  friend class CompiledModel;
  friend class TrainSession;
  friend void exportLibrary(const Model &, const std::string &,
                            const ExportOptions &);
  explicit Model(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl;
};

struct CompileOptions {
  /// "host", "host-cuda", "host-cuda-cuda_capability_NN" or a Halide target
  /// string.
  std::string target = "host";
  /// Threads of the compiled code (the caller plus threads - 1 workers owned
  /// by the CompiledModel); 0 uses Halide's shared pool (one per core).
  int threads = 0;
  /// The compile cache on disk (CPU targets): code compiled once is loaded
  /// by later compiles of the same model, in any process, without waiting
  /// for Halide. "" is the default folder: $SSLC_CACHE_DIR, else
  /// $XDG_CACHE_HOME/sslc/compiled, else ~/.cache/sslc/compiled, and none
  /// when SSLC_CACHE=off. "off" compiles in process every time. Entries are
  /// keyed by the model's content, the target and the sslc binary, and the
  /// oldest are evicted beyond 4 GiB (SSLC_CACHE_MAX_MB).
  std::string cacheDir;
};

enum class ExportKind {
  /// PREFIX.a + PREFIX.h, the Halide runtime inside the archive.
  StaticLibrary,
  /// PREFIX.o + PREFIX.h.
  Object,
  /// PREFIX.mlir: the Inference IR the library would be built from.
  Mlir,
};

/// A JIT-compiled network: compile once, run many times. One run at a time
/// per CompiledModel (concurrent calls wait for each other).
class CompiledModel {
public:
  static CompiledModel compile(const Model &model,
                               const CompileOptions &options = {});
  ~CompiledModel();
  CompiledModel(CompiledModel &&) noexcept;
  CompiledModel &operator=(CompiledModel &&) noexcept;

  std::vector<TensorInfo> inputs() const;
  std::vector<TensorInfo> outputs() const;
  const CompileOptions &options() const;
  /// Halide pipelines one run executes (more than one for a deep network
  /// split to bound its compile time).
  int pipelineCount() const;
  /// The code came from the compile cache (nothing was compiled).
  bool loadedFromCache() const;

  /// Runs on the caller's buffers: one per input and output, shapes equal
  /// to inputs() / outputs() (else InvalidArgument). Nothing is copied; the
  /// outputs are written in place.
  void run(const std::vector<ConstTensorRef> &inputs,
           const std::vector<TensorRef> &outputs);
  /// The same without shape checks: `inputs[i]` must hold
  /// inputs()[i].numElements() floats, `outputs[i]` outputs()[i]'s.
  void run(const float *const *inputs, float *const *outputs);
  /// Allocates and returns the outputs.
  std::vector<HostTensor> run(const std::vector<ConstTensorRef> &inputs);

  /// Writes the AOT artefacts of the compiled network for the same target:
  /// `prefix` is DIR/NAME, NAME a C identifier that names the generated
  /// function `int NAME(halide_buffer_t *input..., halide_buffer_t
  /// *output...)`. Files appear only on success.
  void exportLibrary(const std::string &prefix,
                     ExportKind kind = ExportKind::StaticLibrary) const;

  struct Impl;

private:
  explicit CompiledModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

inline CompiledModel compile(const Model &model,
                             const CompileOptions &options = {}) {
  return CompiledModel::compile(model, options);
}

struct ExportOptions {
  /// As CompileOptions::target; a CUDA target needs no GPU here.
  std::string target = "host";
  ExportKind kind = ExportKind::StaticLibrary;
};

/// Writes the AOT artefacts of `model` without JIT-compiling it (as
/// CompiledModel::exportLibrary does for a compiled one).
void exportLibrary(const Model &model, const std::string &prefix,
                   const ExportOptions &options = {});

/// .npy files of float32 in C order. A file of another dtype, order or
/// version, or one whose header does not match its size, is an error naming
/// the file (Load); writing replaces `path` only once the file is complete
/// (Export).
HostTensor readNpy(const std::string &path);
void writeNpy(const std::string &path, const ConstTensorRef &tensor);

enum class DatasetSplit { Train, Test };

/// Images as [N, C, H, W] floats (8-bit pixels / 256, as the trainer reads
/// them) and their class labels.
struct ImageDataset {
  HostTensor images;
  std::vector<int64_t> labels;
  int64_t size() const { return static_cast<int64_t>(labels.size()); }
};

/// "mnist" (the cache scripts/setup.sh fills, $SSLC_DATA_DIR),
/// "fashion-mnist" (Debian's dataset-fashion-mnist) or "cifar10:DIR" (the
/// binary CIFAR-10 batches in DIR).
ImageDataset loadDataset(const std::string &spec,
                         DatasetSplit split = DatasetSplit::Test);

struct Evaluation {
  int64_t samples = 0, errors = 0;
  /// The predicted class (argmax of the output) of every sample.
  std::vector<int64_t> predictions;
  /// Wall time of the runs.
  double seconds = 0;
  double errorRate() const {
    return samples ? static_cast<double>(errors) / samples : 0.0;
  }
};

/// Runs a model of one input and one output over `data` in batches of its
/// input's batch size (the last batch padded with copies of its first
/// image, whose outputs are ignored) and compares the argmax of each output
/// row with the label.
Evaluation evaluate(CompiledModel &model, const ImageDataset &data);

struct TrainStepOptions {
  /// Group-Lasso strength by kind (filter, channel, shape, kernel2d, depth,
  /// depth_bn, row, column) or by "LAYER.KIND" (one layer's, e.g.
  /// "conv2.filter"), as `sslc train --ssl` takes them.
  std::map<std::string, float> ssl;
  /// How the group terms update, as `sslc train --ssl-update`: empty or
  /// "subgradient" (the paper's), "proximal" (an exact shrink of each
  /// group after the SGD step, which puts dead groups on zero), or
  /// "KIND=MODE,..." per kind.
  std::string sslUpdate;
  /// As `sslc train --finetune`: empty (train everything), "groups"
  /// (freeze the elements of the model's all-zero groups) or "elements"
  /// (freeze every zero weight).
  std::string finetune;
  float momentum = 0.9f;
  float weightDecay = 5e-4f;
  /// Conv and dense weights with |w| <= zeroThreshold are set to 0 after
  /// each step.
  float zeroThreshold = 1e-4f;
  /// As CompileOptions::threads.
  int threads = 0;
};

/// sslc's own SSL train step (ssl-derive-train-step: forward, cross-entropy
/// plus the group Lasso, backward, SGD with momentum, zeroing of small
/// weights), JIT-compiled for the host, with the parameters and velocities
/// kept between steps. Steps take whole batches of the model's batch size.
class TrainSession {
public:
  static TrainSession compile(const Model &model,
                              const TrainStepOptions &options = {});
  ~TrainSession();
  TrainSession(TrainSession &&) noexcept;
  TrainSession &operator=(TrainSession &&) noexcept;

  /// One step on `images` (the model's input shape) with class indices
  /// `labels` (one per image) at learning rate `lr`; returns the objective
  /// before the update, group Lasso included.
  float step(const ConstTensorRef &images, const std::vector<int64_t> &labels,
             float lr);
  /// Every state tensor by name: parameters, "<param>.momentum_buffer", ...
  std::vector<TensorInfo> state() const;
  HostTensor state(const std::string &name) const;
  /// The model with the current parameters.
  Model model() const;

  struct Impl;

private:
  explicit TrainSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl;
};

/// SSL training as `sslc train` runs it: the options by the command line's
/// names without "--" ("model", "dataset", "output", "ssl", "epochs",
/// "batch", "lr", ..., see `sslc train --help`) with their values as text.
/// Each epoch's report goes to `log`. Writes the trained parameters to
/// options["output"] and a checkpoint beside it. A bad option throws
/// InvalidArgument naming it; any other failure (the model, the data, a
/// checkpoint, the train step, the output) throws Train.
void train(const std::map<std::string, std::string> &options,
           std::ostream &log);

/// The names `Model::load` accepts besides files.
std::vector<std::string> zooNames();

} // namespace sslc

#endif
