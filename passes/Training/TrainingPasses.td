//===- TrainingPasses.td - passes that build Training IR ----*- tablegen -*-===//
#ifndef SSLC_PASSES_TRAINING_TRAININGPASSES_TD
#define SSLC_PASSES_TRAINING_TRAININGPASSES_TD

include "mlir/Pass/PassBase.td"

def DeriveTrainStepPass
    : Pass<"ssl-derive-train-step", "::mlir::ModuleOp"> {
  let summary = "Derive the SSL train_step function from Model IR";
  let description = [{
    Adds `func.func @train_step(%x, %labels: tensor<Nxi64>, %lr: tensor<f32>)
    -> tensor<f32>` next to the Model IR entry function, which stays as it
    is (it remains the inference network). One call performs one step of
    SSL training (Wen et al. 2016, eq. (2)) and returns the loss it
    minimizes:

    1. the forward network, in training form: `ssl.batch_norm` becomes
       `ssl.batch_norm_train` (batch statistics; the running estimates are
       written back), every `ssl.dropout` takes the step counter (below), a
       trailing `ssl.softmax` is dropped so the loss sees the logits;
    2. `ssl.softmax_cross_entropy` plus one `ssl.group_lasso` term per
       enabled group kind and weight: convolution weights take the filter,
       channel, shape, kernel2d and depth terms, dense weights the row and
       column terms;
    3. the backward pass, one VJP rule per network op, seeded by
       `ssl.softmax_cross_entropy_grad`, with `ssl.group_lasso_grad` added
       to each regularized weight's gradient;
    4. `ssl.sgd_momentum` on every trained parameter with a velocity global
       `@"<param>.momentum_buffer"` (created, zero), then `ssl.zero_small`
       on the weights so that groups driven to zero become exact zeros, and
       with `finetune`, `ssl.apply_mask` with an immutable mask global
       `@"<param>.mask"`, so pruned weights stay pruned: with
       `finetune-mode=elements` the mask holds the weight's initial zeros,
       with `finetune-mode=groups` (Caffe's `DISCONNECTED_GRPWISE`) only
       the elements of initially all-zero groups (filters, channels,
       filter-shape columns, whole layers; rows and columns of dense
       weights), so single zeros inside live groups train again;
    5. `ml_program.global_store` of every new parameter, velocity and
       running statistic.

    A model with dropout gets a step counter: the private mutable global
    `@"ssl:dropout_step"` (a `tensor<f32>`, created 0; the `:` cannot occur
    in a PyTorch parameter name), loaded at the start of the step, passed
    as `step` to every forward dropout and, through the VJP, to the dropout
    of its gradient, so both use the same mask, and stored advanced by
    `ssl.next_step` at the end. The trainer keeps it with the rest of the
    state, so checkpoints carry it and a resumed run draws the same masks.

    `depth-bn-lambda` regularizes the `depth_bn` groups (see
    `#ssl<group_kind>`): each convolution on a residual branch whose output
    feeds only a batch norm, together with that batch norm's γ and β, as
    one group. The γ and β of such a batch norm are masked in fine-tuning
    like a weight (elements: their initial zeros; groups: all of them when
    the whole group starts at zero) and, with a depth_bn term, cut by
    `zero-threshold` like a weight.

    `ssl-update` chooses how a group term acts: `subgradient` (the paper's,
    the default) adds `ssl.group_lasso_grad` to the gradient; `proximal`
    leaves it out of the gradient and applies `ssl.group_shrink` with the
    step's learning rate after the SGD update, which puts a group whose
    norm falls below lr·λ exactly on zero. A bare value sets every kind,
    `KIND=MODE` one kind (`ssl-update=depth_bn=proximal`); the returned
    loss holds the group terms either way.

    The forward values the backward ops need are those of the same step:
    the function recomputes the forward network rather than reading
    anything saved by the inference function. A group kind whose lambda is
    0 adds no term. `layer-lambdas` sets a strength for one layer (the paper
    tunes λ per layer): `conv2.filter=0.02` overrides `filter-lambda` for
    `@conv2.weight` only, and 0 removes that layer's term. A layer the
    model does not train, or a kind that does not apply to its weight, is
    an error.
  }];
  let options = [
    Option<"filterLambda", "filter-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of filter groups (conv weights)">,
    Option<"channelLambda", "channel-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of channel groups (conv weights)">,
    Option<"shapeLambda", "shape-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of filter-shape groups (conv weights)">,
    Option<"kernel2dLambda", "kernel2d-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of 2-D kernel groups (conv weights)">,
    Option<"depthLambda", "depth-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of whole-layer groups (conv weights)">,
    Option<"depthBnLambda", "depth-bn-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of depth_bn groups (a residual branch's "
           "conv weight with the gamma and beta of its batch norm)">,
    Option<"rowLambda", "row-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of row groups (dense weights)">,
    Option<"columnLambda", "column-lambda", "float", /*default=*/"0.0f",
           "Group Lasso strength of column groups (dense weights)">,
    ListOption<"layerLambdas", "layer-lambdas", "std::string",
               "Per-layer strengths LAYER.KIND=LAMBDA (LAYER is the weight's "
               "name without `.weight`, e.g. conv2.filter=0.02); they "
               "replace the kind's strength for that layer">,
    Option<"momentum", "momentum", "float", /*default=*/"0.9f",
           "SGD momentum (Caffe form)">,
    Option<"weightDecay", "weight-decay", "float", /*default=*/"0.0f",
           "L2 weight decay added to every parameter's gradient">,
    Option<"zeroThreshold", "zero-threshold", "float", /*default=*/"1.0e-4f",
           "Weights with |w| <= threshold become exact zeros after each step "
           "(0 disables)">,
    ListOption<"sslUpdate", "ssl-update", "std::string",
               "How group terms update: subgradient or proximal, for every "
               "kind or as KIND=MODE for one">,
    Option<"finetune", "finetune", "bool", /*default=*/"false",
           "Freeze the zeros of the initial weights with mask globals">,
    Option<"finetuneMode", "finetune-mode", "std::string",
           /*default=*/"\"elements\"",
           "What fine-tuning freezes: elements (every initial zero) or "
           "groups (the elements of all-zero groups)">,
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The Model IR function the step is derived from">
  ];
  let dependentDialects = ["::sslc::ssl::SSLDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::ml_program::MLProgramDialect"];
}

#endif // SSLC_PASSES_TRAINING_TRAININGPASSES_TD
