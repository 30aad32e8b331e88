#!/usr/bin/python3
"""Writes images of several sizes and colours, as PNG and JPEG, with what torchvision's transforms
make of them, so that the Java preprocessing can be checked against torchvision without Python in
CI. Python from Debian only (python3-torchvision, which brings PIL); run as /usr/bin/python3.

    scripts/make-preprocessing-fixtures.py [DATA_DIR] [OUT_DIR]

The images are Fashion-MNIST test images (DATA_DIR as fetch-data.sh writes it; default data/, else
samples/) tinted with a colour gradient and resized with PIL to each size, so they have real edges
and colour. For each image and each pipeline of fixtures.json (Resize of the shorter side with
bilinear or bicubic interpolation, CenterCrop, ToTensor, Normalize per channel; RGB or L as the
model takes it), OUT_DIR/NAME.PIPELINE.f32 holds torchvision's tensor, float32 little-endian, C x H x W.
"""
import gzip, json, os, struct, sys

import numpy
import torch
from PIL import Image
from torchvision import transforms
from torchvision.transforms import InterpolationMode

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data")
if not os.path.exists(os.path.join(data, "fashion-mnist", "t10k-images-idx3-ubyte.gz")):
    data = os.path.join(root, "samples")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "examples", "preprocessing")
os.makedirs(out, exist_ok=True)

with gzip.open(os.path.join(data, "fashion-mnist", "t10k-images-idx3-ubyte.gz")) as f:
    _, n, h, w = struct.unpack(">IIII", f.read(16))
    pixels = f.read(16 * h * w)


def source(i, width, height, mode):
    gray = Image.frombytes("L", (w, h), pixels[i * h * w:(i + 1) * h * w])
    big = gray.resize((width, height), Image.BICUBIC)
    if mode == "L":
        return big
    if mode == "I;16":  # 16-bit gray, levels 0 to 1020: PIL opens it as "I" and clips to 255
        return Image.fromarray((numpy.asarray(big).astype(numpy.uint16) * 4))
    r = Image.linear_gradient("L").resize((width, height))
    b = Image.linear_gradient("L").transpose(Image.Transpose.ROTATE_90).resize((width, height))
    return Image.merge("RGB", (big, Image.blend(big, r, 0.3), Image.blend(big, b, 0.5)))


IMAGES = [  # name, index, width, height, mode, format
    ("rgb-48x40", 0, 48, 40, "RGB", "png"),
    ("rgb-97x61", 1, 97, 61, "RGB", "png"),
    ("rgb-33x200", 2, 33, 200, "RGB", "png"),
    ("gray-50x50", 3, 50, 50, "L", "png"),
    ("rgb-36x36", 4, 36, 36, "RGB", "png"),
    ("rgb-120x90", 5, 120, 90, "RGB", "jpeg"),
    ("rgb-64x80", 6, 64, 80, "RGB", "jpeg"),
    ("gray-70x45", 7, 70, 45, "L", "jpeg"),
    ("gray16-40x30", 8, 40, 30, "I;16", "png"),
]
PIPELINES = {
    "bilinear-rgb": {"resize": 36, "interpolation": "bilinear", "crop": [32, 32],
                     "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225], "mode": "RGB"},
    "bicubic-rgb": {"resize": 40, "interpolation": "bicubic", "crop": [32, 28],
                    "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25], "mode": "RGB"},
    "bilinear-gray": {"resize": 28, "interpolation": "bilinear", "crop": [28, 28],
                      "mean": [0.286], "std": [0.353], "mode": "L"},
}
MODES = {"bilinear": InterpolationMode.BILINEAR, "bicubic": InterpolationMode.BICUBIC}

for name, index, width, height, mode, fmt in IMAGES:
    image = source(index, width, height, mode)
    path = os.path.join(out, f"{name}.{'png' if fmt == 'png' else 'jpg'}")
    if fmt == "png":
        image.save(path, optimize=False)
    else:
        image.save(path, quality=90)
    for pipeline, spec in PIPELINES.items():
        loaded = Image.open(path).convert(spec["mode"])  # as a torchvision user loads an image
        tensor = transforms.Compose([
            transforms.Resize(spec["resize"], interpolation=MODES[spec["interpolation"]]),
            transforms.CenterCrop(spec["crop"]),
            transforms.ToTensor(),
            transforms.Normalize(spec["mean"], spec["std"]),
        ])(loaded)
        with open(os.path.join(out, f"{name}.{pipeline}.f32"), "wb") as f:
            f.write(tensor.contiguous().numpy().astype("<f4").tobytes())

with open(os.path.join(out, "fixtures.json"), "w") as f:
    json.dump({
        "torchvision_version": __import__("torchvision").__version__,
        "pil_version": Image.__version__,
        "images": [{"name": n, "file": f"{n}.{'png' if fmt == 'png' else 'jpg'}",
                    "width": wd, "height": ht, "mode": m} for n, _, wd, ht, m, fmt in IMAGES],
        "pipelines": PIPELINES,
    }, f, indent=2)
print("wrote", out)
