//===- Npy.h - NumPy .npy files ---------------------------------*- C++ -*-===//
#ifndef SSLC_RUNTIME_NPY_H
#define SSLC_RUNTIME_NPY_H

#include "runtime/Tensor.h"

#include <string>

namespace sslc {

/// Reads a little-endian float32 C-order array (format versions 1.0, 2.0 and
/// 3.0). Anything else fails with a message that names the file.
bool readNpy(const std::string &path, Tensor &out, std::string &error);

/// Parses the bytes of an .npy file; `name` is used in messages.
bool parseNpy(const std::string &bytes, const std::string &name, Tensor &out,
              std::string &error);

/// Serializes a float32 C-order array as .npy version 1.0.
std::string serializeNpy(const Tensor &tensor);

/// Writes `tensor` atomically (no partial file on failure).
bool writeNpy(const std::string &path, const Tensor &tensor,
              std::string &error);

} // namespace sslc

#endif
