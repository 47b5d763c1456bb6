"""Writes the first COUNT images of an MNIST idx file as a float32 .npy of
shape [COUNT, 784], scaled by 1/256 as Caffe does. Standard library only."""
import struct
import sys


def main(idx_path, count, npy_path):
    with open(idx_path, "rb") as f:
        magic, n, rows, cols = struct.unpack(">iiii", f.read(16))
        if magic != 2051:
            sys.exit(f"{idx_path}: expected idx image magic 2051, found {magic}")
        count = min(int(count), n)
        pixels = f.read(count * rows * cols)
    values = [p / 256.0 for p in pixels]
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (
        count, rows * cols)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(npy_path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)))
        f.write(header.encode())
        f.write(struct.pack("<%df" % len(values), *values))


if __name__ == "__main__":
    main(*sys.argv[1:4])
