"""Prints a rank-2 float32 .npy row by row with each row's argmax."""
import ast
import struct
import sys

with open(sys.argv[1], "rb") as f:
    data = f.read()
length = struct.unpack("<H", data[8:10])[0]
header = ast.literal_eval(data[10:10 + length].decode())
rows, cols = header["shape"]
values = struct.unpack("<%df" % (rows * cols), data[10 + length:])
for r in range(rows):
    row = values[r * cols:(r + 1) * cols]
    best = max(range(cols), key=lambda c: row[c])
    print("  row %d: argmax %d  [%s]" % (r, best, " ".join("%.3f" % v for v in row)))
