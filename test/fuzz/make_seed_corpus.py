#!/usr/bin/env python3
"""Seeds test/fuzz/corpus/<reader> from the test fixtures and a few files
written here (safetensors of each dtype, idx raw and gzip, a CIFAR-10
record). Crashes found by scripts/fuzz.sh are added next to the seeds under
the name libFuzzer gives them. Deterministic; needs only the standard
library."""
import gzip, glob, json, os, shutil, struct

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.join(HERE, "..", "Frontends", "Inputs")
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


if __name__ == "__main__":
    main()
