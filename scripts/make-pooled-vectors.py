#!/usr/bin/env python3
"""Writes 49-dimensional feature vectors (4x4 average-pooled 28x28 images, scaled to [0, 1]) with
their labels as CSV (label,f1,...,f49), to train the demo's vector model:

    scripts/make-pooled-vectors.py IDX_IMAGES IDX_LABELS OUT.csv

The demo's producer pools its images the same way (DemoProducer.pooled) to send FeatureEvents.
"""
import gzip, struct, sys

def opener(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    return gzip.open(path) if magic == b"\x1f\x8b" else open(path, "rb")

images, labels, out = sys.argv[1:4]
with opener(images) as f:
    _, n, h, w = struct.unpack(">IIII", f.read(16))
    pixels = f.read(n * h * w)
with opener(labels) as f:
    _, m = struct.unpack(">II", f.read(8))
    ys = f.read(m)
with open(out, "w") as o:
    o.write("label," + ",".join(f"f{i}" for i in range(49)) + "\n")
    for k in range(n):
        base = k * 784
        v = []
        for by in range(7):
            for bx in range(7):
                s = 0
                for y in range(4):
                    row = base + (by * 4 + y) * 28 + bx * 4
                    s += sum(pixels[row:row + 4])
                v.append(s / (16 * 255.0))
        o.write(str(ys[k]) + "," + ",".join(f"{x:.5f}" for x in v) + "\n")
print(f"{n} vectors written to {out}")
