//===- SSLAttrs.cpp - ssl attributes (group kinds) ------------------------===//
#include "compiler/Dialect/SSL/IR/SSLAttrs.h"
#include "compiler/Dialect/SSL/IR/SSLDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace sslc::ssl;

#include "compiler/Dialect/SSL/IR/SSLEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "compiler/Dialect/SSL/IR/SSLAttrs.cpp.inc"

std::optional<int64_t> sslc::ssl::getGroupKindRank(GroupKind kind) {
  switch (kind) {
  case GroupKind::Filter:
  case GroupKind::Channel:
  case GroupKind::Shape:
  case GroupKind::Kernel2D:
  case GroupKind::DepthBN: // the convolution weight; γ and β are rank 1
    return 4;
  case GroupKind::Row:
  case GroupKind::Column:
    return 2;
  case GroupKind::Depth:
    return std::nullopt;
  }
  llvm_unreachable("unknown group kind");
}

void SSLDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compiler/Dialect/SSL/IR/SSLAttrs.cpp.inc"
      >();
}
