//===- Conv.cpp - ssl.conv2d and ssl.shape_pruned_conv2d to Halide --------===//
#include "codegen/Ops/OpLowerings.h"
#include "codegen/Ops/TapGather.h"
#include "codegen/Target.h"

using namespace mlir;

namespace sslc::codegen {

/// Two vectors of output channels per register block (the register budget
/// of the schedule is built around it).
int channelBlockFor(const Halide::Target &target) {
  return 2 * f32VectorLanes(target);
}

ConvGeometry geometryOf(RankedTensorType in, RankedTensorType w,
                        ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                        ArrayRef<int64_t> dilations, int64_t groups,
                        ArrayRef<int64_t> kernel) {
  ConvGeometry g;
  g.N = in.getDimSize(0);
  g.C = in.getDimSize(1);
  g.H = in.getDimSize(2);
  g.W = in.getDimSize(3);
  g.O = w.getDimSize(0);
  g.KH = kernel[0];
  g.KW = kernel[1];
  g.strideH = strides[0];
  g.strideW = strides[1];
  g.padT = pads[0];
  g.padL = pads[1];
  g.padB = pads[2];
  g.padR = pads[3];
  g.dilH = dilations[0];
  g.dilW = dilations[1];
  g.groups = groups;
  return g;
}

namespace {

LogicalResult finishConv(Operation *op, Value result, Halide::Func input,
                         const ConvGeometry &geo,
                         const std::vector<float> &weight,
                         const std::vector<float> &bias,
                         LoweringContext &ctx, const std::string &name) {
  auto conv = std::make_shared<ConvFuncs>(
      buildConvolution(input, geo, weight, bias, /*relu=*/false, name,
                       channelBlockFor(ctx.target())));
  HTensor out{asNCHW(*conv, name + "_nchw"),
              {geo.N, geo.O, geo.OH(), geo.OW()}};
  ctx.addConvStage(conv, out, op);
  ctx.bind(result, out);
  return success();
}

/// The constant weight and (when present) bias of a layer.
LogicalResult readWeightAndBias(Operation *op, Value weight, Value bias,
                                std::vector<float> &w, std::vector<float> &b) {
  FailureOr<std::vector<float>> values = constantValues(op, weight, "weight");
  if (failed(values))
    return failure();
  w = std::move(*values);
  if (!bias)
    return success();
  values = constantValues(op, bias, "bias");
  if (failed(values))
    return failure();
  b = std::move(*values);
  return success();
}

} // namespace

LogicalResult lowerConv2d(ssl::Conv2dOp op, LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  auto wType = op.getWeight().getType();
  std::vector<float> w, b;
  if (failed(readWeightAndBias(op, op.getWeight(), op.getBias(), w, b)))
    return failure();
  ConvGeometry geo = geometryOf(
      op.getInput().getType(), wType, op.getStrides(), op.getPads(),
      op.getDilations(), static_cast<int64_t>(op.getGroups()),
      {wType.getDimSize(2), wType.getDimSize(3)});
  return finishConv(op, op.getOutput(), in.func, geo, w, b, ctx,
                    "conv" + std::to_string(ctx.nextId()));
}

/// Per group, the live taps are gathered once into a [T_g, OH, OW] matrix
/// (im2col restricted to the taps, with the tap offsets baked in as
/// constants) and the product with the group's live filters runs as a 1×1
/// convolution with the register-blocked schedule; many groups (depthwise)
/// take one reduction per filter instead (codegen/Ops/TapGather.h).
LogicalResult lowerShapePrunedConv2d(ssl::ShapePrunedConv2dOp op,
                                     LoweringContext &ctx) {
  HTensor in = ctx.lookup(op.getInput());
  auto inType = op.getInput().getType();
  auto wType = op.getWeight().getType();
  ShapePrunedConv conv;
  if (failed(readWeightAndBias(op, op.getWeight(), op.getBias(), conv.weight,
                               conv.bias)))
    return failure();
  const int64_t groups = static_cast<int64_t>(op.getGroups());
  conv.full = geometryOf(inType, wType, op.getStrides(), op.getPads(),
                         op.getDilations(), groups, op.getKernelSize());
  conv.full.O = static_cast<int>(op.getOutput().getType().getDimSize(1));
  conv.columns = static_cast<int>(wType.getDimSize(1));
  for (APInt v : op.getTaps().getValues<APInt>())
    conv.taps.push_back(v.getSExtValue());
  if (std::optional<ArrayRef<int64_t>> filters = op.getFilters())
    conv.filters.assign(filters->begin(), filters->end());
  else
    for (int o = 0; o < conv.full.O; ++o)
      conv.filters.push_back(o);

  std::string name = "spconv" + std::to_string(ctx.nextId());
  ShapePrunedConvFuncs funcs = buildShapePrunedConvolution(
      in.func, conv, name, channelBlockFor(ctx.target()));
  HTensor out{funcs.nchw,
              {conv.full.N, conv.full.O, conv.full.OH(), conv.full.OW()}};
  // The gathers have no stage of their own: each product's staging copy
  // is its gather, and the padded input it reads is scheduled with it.
  for (size_t k = 0; k < funcs.groupConvs.size(); ++k) {
    const ConvFuncs &g = *funcs.groupConvs[k];
    ctx.addConvStage(funcs.groupConvs[k],
                     {g.out, {g.geo.N, g.geo.O, g.geo.OH(), g.geo.OW()}}, op);
  }
  if (funcs.tapConv)
    ctx.addTapConvStage(funcs.tapConv,
                        {funcs.tapConv->out,
                         {conv.full.N, funcs.tapConv->filters,
                          conv.full.OH(), conv.full.OW()}},
                        op);
  // The NCHW view (computed channels and constants) is read by the
  // consumers, like a convolution's asNCHW.
  ctx.addStage(StageKind::Elementwise, out, op);
  ctx.bind(op.getOutput(), out);
  return success();
}

} // namespace sslc::codegen
