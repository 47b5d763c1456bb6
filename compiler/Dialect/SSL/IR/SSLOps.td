//===- SSLOps.td - ssl network ops ---------------------------*- tablegen -*-===//
//
// Inference-time network ops. Training ops live in SSLTrainingOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_OPS_TD
#define SSL_OPS_TD

include "compiler/Dialect/SSL/IR/SSLBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def SSL_DenseOp : SSL_Op<"dense", [Pure,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "fully connected layer: y = x · Wᵀ + b";
  let description = [{
    Multiplies a batch of row vectors `input` [N, K] by the transposed weight
    `weight` [M, K] (PyTorch/ONNX `Gemm` with transB = 1) and adds the
    optional `bias` [M]. The result is [N, M].

    ```mlir
    %y = ssl.dense %x, %w, %b
        : (tensor<1x784xf32>, tensor<500x784xf32>, tensor<500xf32>)
        -> tensor<1x500xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input, SSL_F32Tensor:$weight,
                       Optional<SSL_F32Tensor>:$bias);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def SSL_ReluOp : SSL_Op<"relu", [Pure, SameOperandsAndResultType]> {
  let summary = "rectified linear unit: max(x, 0)";
  let description = [{
    Elementwise `max(x, 0)` on a tensor of any shape.

    ```mlir
    %y = ssl.relu %x : tensor<1x500xf32>
    ```
  }];
  let arguments = (ins SSL_F32Tensor:$input);
  let results = (outs SSL_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // SSL_OPS_TD
