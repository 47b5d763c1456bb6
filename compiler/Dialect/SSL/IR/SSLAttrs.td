//===- SSLAttrs.td - ssl attributes --------------------------*- tablegen -*-===//
//
// The group kinds of SSL: how a weight tensor is split into the groups whose
// L2 norms the group Lasso penalizes.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_ATTRS_TD
#define SSL_ATTRS_TD

include "compiler/Dialect/SSL/IR/SSLBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def SSL_GroupKind : I32EnumAttr<"GroupKind", "structured sparsity group", [
    I32EnumAttrCase<"Filter", 0, "filter">,
    I32EnumAttrCase<"Channel", 1, "channel">,
    I32EnumAttrCase<"Shape", 2, "shape">,
    I32EnumAttrCase<"Kernel2D", 3, "kernel2d">,
    I32EnumAttrCase<"Depth", 4, "depth">,
    I32EnumAttrCase<"Row", 5, "row">,
    I32EnumAttrCase<"Column", 6, "column">,
    I32EnumAttrCase<"DepthBN", 7, "depth_bn">
  ]> {
  let cppNamespace = "::sslc::ssl";
  // The attribute is SSL_GroupKindAttr below, printed as `#ssl<group_kind x>`.
  let genSpecializedAttr = 0;
  let description = [{
    How a weight is partitioned into groups (Wen et al. 2016, section 3).
    For a convolution weight W of shape [N, C, KH, KW] (OIHW):

    | kind       | group              | groups      | removes                  |
    |------------|--------------------|-------------|--------------------------|
    | `filter`   | W[n, :, :, :]      | N           | output channels          |
    | `channel`  | W[:, c, :, :]      | C           | input channels           |
    | `shape`    | W[:, c, h, w]      | C · KH · KW | taps of the filter shape |
    | `kernel2d` | W[n, c, :, :]      | N · C       | single 2-D kernels       |

    For a dense weight W of shape [N, K]:

    | kind       | group    | groups | removes         |
    |------------|----------|--------|-----------------|
    | `row`      | W[n, :]  | N      | output neurons  |
    | `column`   | W[:, k]  | K      | input features  |

    `depth` makes all of W one group (any rank): penalizing it drives whole
    layers to zero, which the depth-wise SSL of residual networks removes.

    `depth_bn` is the depth group of a convolution in a residual branch
    together with the affine of the batch norm that follows it: one group
    over W [N, C, KH, KW], γ [N] and β [N], so the ops that take it have W
    first and then γ and β. Batch norm makes the branch independent of the
    scale of W, so the group Lasso on W alone shrinks it to an equilibrium
    norm and never to zero; γ and β are what batch norm cannot undo. When
    the group is zero the batch norm outputs exactly 0 (β, for the constant
    input a later zero layer leaves), so the branch is a constant and
    `ssl-fold-zero-depth` folds the block to `relu(x + c)`.

    Groups are numbered in row-major order of their fixed indices: `shape`
    group (c, h, w) is c·KH·KW + h·KW + w, `kernel2d` group (n, c) is n·C + c.
  }];
}

def SSL_GroupKindAttr : EnumAttr<SSL_Dialect, SSL_GroupKind, "group_kind">;

#endif // SSL_ATTRS_TD
