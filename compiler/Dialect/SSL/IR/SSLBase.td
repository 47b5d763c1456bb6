//===- SSLBase.td - the ssl dialect definition --------------*- tablegen -*-===//
//
// The `ssl` dialect: neural networks and the Structured Sparsity Learning
// training ops that act on them.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_BASE_TD
#define SSL_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def SSL_Dialect : Dialect {
  let name = "ssl";
  let cppNamespace = "::sslc::ssl";
  let summary = "Networks trained with Structured Sparsity Learning";
  let description = [{
    The `ssl` dialect represents a feed-forward network (activations NCHW,
    convolution weights OIHW, dense weights [out, in], as in PyTorch and ONNX)
    together with the group-Lasso terms and optimizer ops of SSL training
    (Wen et al., "Learning Structured Sparsity in Deep Neural Networks",
    NIPS 2016). Trainable parameters live in `ml_program.global` symbols; the
    network is a `func.func` that loads them.

    The ops come in three families:

    * network ops (`SSLOps.td`): the forward layers of Model, Pruned and
      Inference IR, including `ssl.shape_pruned_conv2d`, the convolution that
      remains after shape-wise pruning;
    * training ops (`SSLTrainingOps.td`): loss, group-Lasso regularizer and
      its subgradient, SGD with momentum, and the thresholding/masking steps
      that make zero groups exact;
    * backward ops (`SSLGradientOps.td`): one op per gradient the training
      pass emits.

    Backward passes are explicit dialect ops rather than decompositions into
    generic tensor ops (transposed convolutions, scatters, reductions) for
    three reasons: each backward op lowers to one Halide `Func` with its own
    schedule, so the training pipeline keeps the algorithm/schedule split of
    the forward ops; the ops keep the forward op's attributes, so the
    gradient of an asymmetrically padded, strided, dilated or grouped
    convolution needs no index arithmetic in the IR; and each backward op's
    verifier checks its shapes against the forward op's rules (a gradient
    whose result is a forward input, such as `ssl.conv2d_grad_input`, runs
    the forward type inference on that result and compares it with
    `grad_output`), which catches autodiff bugs at the op that introduced
    them. Gradients
    that need no op are left to the training pass: `ssl.add` passes its
    gradient to both operands unchanged, and the gradient of `ssl.dropout`
    is the same `ssl.dropout` (same ratio, seed and step) applied to the
    incoming gradient. `ssl.softmax`, `ssl.batch_norm` (inference form) and
    `ssl.shape_pruned_conv2d` are inference-only and have no backward op:
    training differentiates `ssl.softmax_cross_entropy` on the logits, uses
    `ssl.batch_norm_train`, and trains the dense convolution.

    Shapes that are dynamic (`?`) are accepted wherever the verifier does not
    need them; the Inference IR contract later requires static shapes.
  }];
  let dependentDialects = ["::mlir::ml_program::MLProgramDialect"];
  let useDefaultAttributePrinterParser = 1;
  // Each op family registers itself from its own .cpp file.
  let extraClassDeclaration = [{
    void registerAttributes();
    void registerNetworkOps();
    void registerTrainingOps();
    void registerGradientOps();
  }];
}

class SSL_Op<string mnemonic, list<Trait> traits = []>
    : Op<SSL_Dialect, mnemonic, traits>;

def SSL_F32Tensor : RankedTensorOf<[F32]>;
def SSL_I64Tensor : RankedTensorOf<[I64]>;
def SSL_F32Scalar : 0DTensorOf<[F32]>;

// Result types follow from operands and attributes. Each op with this trait
// defines one static type rule, inferResultTypes, which checks operands and
// attributes (reporting through `emitError`) and appends the result types;
// the trait derives the rest from it:
//  * inferReturnTypes, for builders and the parser (default-valued
//    attributes that a builder was not given are filled in first, since
//    builders infer before the op exists);
//  * verify(), which runs the rule with diagnostics at the op and then
//    compares the op's result types with the inferred ones;
//  * refineReturnTypes, the interface's own check, which runs before
//    verify() and would report a malformed op twice (its cause, then "failed
//    to infer returned types"): it accepts the types and leaves the
//    diagnosis to verify().
def SSL_InferResultTypes : TraitList<[
  DeclareOpInterfaceMethods<InferTypeOpInterface, ["refineReturnTypes"]>,
  NativeOpTrait<"InferTypeOpAdaptor", [],
    [{
      static ::llvm::LogicalResult
      inferResultTypes(::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
                       Adaptor adaptor,
                       ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes);
      static ::llvm::LogicalResult
      inferReturnTypes(::mlir::MLIRContext *context,
                       std::optional<::mlir::Location> location,
                       Adaptor adaptor,
                       ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes);
      ::llvm::LogicalResult verify();
    }],
    [{
      ::llvm::LogicalResult
      $cppClass::inferReturnTypes(::mlir::MLIRContext *context,
          std::optional<::mlir::Location> location,
          ::mlir::ValueRange operands, ::mlir::DictionaryAttr attributes,
          ::mlir::OpaqueProperties properties, ::mlir::RegionRange regions,
          ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
        $cppClass::Properties props;
        if (properties)
          props = *properties.as<$cppClass::Properties *>();
        $cppClass::populateDefaultProperties(
            ::mlir::OperationName($cppClass::getOperationName(), context),
            props);
        $cppClass::Adaptor adaptor(operands, attributes, props, regions);
        return $cppClass::inferReturnTypes(context, location, adaptor,
                                           inferredReturnTypes);
      }

      ::llvm::LogicalResult
      $cppClass::inferReturnTypes(::mlir::MLIRContext *,
          std::optional<::mlir::Location> location, Adaptor adaptor,
          ::llvm::SmallVectorImpl<::mlir::Type> &inferredReturnTypes) {
        return inferResultTypes(
            ::sslc::ssl::InferErrorEmitter(location, getOperationName()),
            adaptor, inferredReturnTypes);
      }

      ::llvm::LogicalResult $cppClass::verify() {
        return ::sslc::ssl::verifyInferredResultTypes(*this);
      }

      ::llvm::LogicalResult
      $cppClass::refineReturnTypes(::mlir::MLIRContext *,
          std::optional<::mlir::Location>, ::mlir::ValueRange,
          ::mlir::DictionaryAttr, ::mlir::OpaqueProperties,
          ::mlir::RegionRange, ::llvm::SmallVectorImpl<::mlir::Type> &) {
        return ::mlir::success();
      }
    }]>
]>;

// Attributes of a sliding window. Pads are (top, left, bottom, right), the
// order of ONNX `pads` for two spatial axes, so padding may be asymmetric.
defvar SSL_StridesAttr = DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">;
defvar SSL_PadsAttr = DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">;
defvar SSL_DilationsAttr = DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">;

// The attributes of a convolution, shared by its backward ops.
defvar SSL_ConvAttrs = (ins SSL_StridesAttr:$strides, SSL_PadsAttr:$pads,
                            SSL_DilationsAttr:$dilations,
                            DefaultValuedAttr<I64Attr, "1">:$groups);

// The attributes of max pooling, shared by its backward op.
defvar SSL_PoolAttrs = (ins DenseI64ArrayAttr:$kernel, SSL_StridesAttr:$strides,
                            SSL_PadsAttr:$pads,
                            DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);

// Average pooling adds whether padded cells count in the divisor.
defvar SSL_AvgPoolAttrs = !con(SSL_PoolAttrs,
    (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad));

#endif // SSL_BASE_TD
