//===- SSLBase.td - the ssl dialect definition --------------*- tablegen -*-===//
//
// The `ssl` dialect: neural networks and the Structured Sparsity Learning
// training ops that act on them.
//
//===----------------------------------------------------------------------===//

#ifndef SSL_BASE_TD
#define SSL_BASE_TD

include "mlir/IR/OpBase.td"

def SSL_Dialect : Dialect {
  let name = "ssl";
  let cppNamespace = "::sslc::ssl";
  let summary = "Networks trained with Structured Sparsity Learning";
  let description = [{
    The `ssl` dialect represents a feed-forward network (activations NCHW,
    convolution weights OIHW, dense weights [out, in], as in PyTorch and ONNX)
    together with the group-Lasso terms and optimizer ops of SSL training.
    Trainable parameters live in `ml_program.global` symbols; the network is a
    `func.func` that loads them.
  }];
  let dependentDialects = ["::mlir::ml_program::MLProgramDialect"];
}

class SSL_Op<string mnemonic, list<Trait> traits = []>
    : Op<SSL_Dialect, mnemonic, traits>;

def SSL_F32Tensor : RankedTensorOf<[F32]>;

#endif // SSL_BASE_TD
