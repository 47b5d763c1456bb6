#!/usr/bin/env python3
"""Seeds test/fuzz/corpus/<reader> from the test fixtures and a few files
written here (safetensors of each dtype, idx raw and gzip, a CIFAR-10
record, a model with a dense_resource blob, aliases and affine maps). The
mlir seeds are the repository's own .mlir tests, one file per `// -----`
case. Crashes found by scripts/fuzz.sh are added next to the seeds under
the name libFuzzer gives them. Deterministic; needs only the standard
library."""
import gzip, glob, json, os, shutil, struct

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
INPUTS = os.path.join(TESTS, "Frontends", "Inputs")
CORPUS = os.path.join(HERE, "corpus")


def put(reader, name, data):
    d = os.path.join(CORPUS, reader)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def npy(shape, data, major=1):
    dims = ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "")
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % dims
    prefix = 10 if major == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    size = struct.pack("<H", len(header)) if major == 1 else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes([major, 0]) + size + header.encode() + data


def safetensors(entries, metadata=None):
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, payload in entries:
        header[name] = {"dtype": dtype, "shape": shape,
                        "data_offsets": [len(data), len(data) + len(payload)]}
        data += payload
    text = json.dumps(header, separators=(",", ":"))
    text += " " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text.encode() + data



# A dense layer whose weight is a dense_resource blob (2x2 floats after the
# 4-byte alignment word) and whose bias is a splat.
MLIR_RESOURCE = b"""module {
  ml_program.global private mutable @fc.bias(dense<0.5> : tensor<2xf32>) : tensor<2xf32>
  ml_program.global private mutable @fc.weight(dense_resource<w> : tensor<2x2xf32>) : tensor<2x2xf32>
  func.func @main(%arg0: tensor<1x2xf32>) -> tensor<1x2xf32> {
    %b = ml_program.global_load @fc.bias : tensor<2xf32>
    %w = ml_program.global_load @fc.weight : tensor<2x2xf32>
    %0 = ssl.dense %arg0, %w, %b : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
    return %0 : tensor<1x2xf32>
  }
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
"""

# Aliases, affine maps and integer sets, whose nesting the limit counts.
MLIR_AFFINE = b"""#map = affine_map<(d0, d1)[s0] -> (d0 + s0 - 1, -d1 floordiv 2, d0 mod 3)>
!pair = tuple<f32, tensor<2xf32>>
module attributes {doc.map = #map, doc.pair = tuple<!pair>,
    doc.set = affine_set<(d0)[s0] : (d0 - s0 >= 0, -d0 + 7 == 0)>,
    doc.layout = memref<4x4xf32, affine_map<(d0, d1) -> (d1, d0)>>} {
}
"""


def main():
    for f in sorted(glob.glob(os.path.join(INPUTS, "*.npy"))):
        put("npy", os.path.basename(f), open(f, "rb").read())
    put("npy", "v2.npy", npy([2, 2], struct.pack("<4f", 1, 2, 3, 4), major=2))
    put("npy", "scalar.npy", npy([], struct.pack("<f", 7)))
    put("npy", "empty.npy", npy([0, 3], b""))

    floats = struct.pack("<6f", 1, 2, 3, 4, 5, 6)
    put("safetensors", "f32.safetensors",
        safetensors([("w", "F32", [2, 3], floats)], {"format": "pt"}))
    put("safetensors", "mixed.safetensors",
        safetensors([("trainer.epoch", "I64", [1], struct.pack("<q", 3)),
                     ("b", "F32", [2], struct.pack("<2f", 0.5, -1)),
                     ("u", "U8", [4], bytes([0, 1, 128, 255]))]))
    put("safetensors", "empty.safetensors", safetensors([]))

    img = struct.pack(">IIII", 2051, 2, 3, 3) + bytes(range(18))
    lab = struct.pack(">II", 2049, 2) + bytes([3, 9])
    put("idx", "images", b"\x00" + img)
    put("idx", "images.gz", b"\x00" + gzip.compress(img, mtime=0))
    put("idx", "labels", b"\x01" + lab)
    put("idx", "labels.gz", b"\x01" + gzip.compress(lab, mtime=0))
    put("idx", "cifar.bin", b"\x02" + bytes([7]) + bytes(i % 256 for i in range(3072)))

    for f in sorted(glob.glob(os.path.join(INPUTS, "*.onnx"))):
        put("onnx", os.path.basename(f), open(f, "rb").read())

    # Outside test/fuzz, so that the seeds themselves are not read back.
    tests = [f for f in glob.glob(os.path.join(TESTS, "**", "*.mlir"), recursive=True)
             if not f.startswith(HERE + os.sep)]
    for f in sorted(tests):
        stem = os.path.relpath(f, TESTS)[:-len(".mlir")].replace(os.sep, "_")
        cases = open(f, "rb").read().split(b"\n// -----\n")
        for i, case in enumerate(cases):
            put("mlir", "%s.%d.mlir" % (stem, i), case)
    put("mlir", "resource.mlir", MLIR_RESOURCE)
    put("mlir", "affine.mlir", MLIR_AFFINE)


if __name__ == "__main__":
    main()
