#!/usr/bin/python3
"""Trains a small ResNet with a SoftMax classifier in PyTorch, cuts it before its classifier and
exports the feature extractor as TorchScript, for `train --backbone` (the IsoMax+ last layer trained
on frozen features, in Java). Python from Debian only (python3-torch, python3-torchvision); CI needs
none of it: what this writes is committed.

    scripts/make-resnet-example.py [DATA_DIR] [OUT_DIR]

The network is CIFAR-style (He et al. 2016, section 4.2) built from torchvision's own BasicBlock:
a 3x3 stem of 16 channels, three stages of two blocks (16, 32, 64 channels, strides 1, 2, 2),
global average pooling and a linear classifier; its adaptive pooling takes any input size, so the
same file serves 3x32x32 and, for the bench, 3x64x64. Data and rendering are those of
make-torchscript-example.py (Fashion-MNIST padded to 32x32 and tinted RGB, normalised per channel
with the mean and std of examples/torchscript/fixtures/fixtures.json). Writes OUT_DIR (default
examples/torchscript/):
  resnet-features.pt           the traced extractor: N x 3 x H x W -> N x 64 features
  fixtures/resnet-features.f32 its features of fixtures/inputs.f32, float32 little-endian, N x 64
  fixtures/resnet.json         architecture, training, the SoftMax classifier's test accuracy
  images/train/N-LABEL/*.png   100 training images per class, rendered as 8-bit RGB 32x32 PNGs
"""
import gzip, json, os, struct, sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torchvision.models.resnet import BasicBlock

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data")
if not os.path.exists(os.path.join(data, "fashion-mnist", "train-images-idx3-ubyte.gz")):
    data = os.path.join(root, "samples")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "examples", "torchscript")
fixtures = os.path.join(root, "examples", "torchscript", "fixtures")  # the inputs to read
written = os.path.join(out, "fixtures")
os.makedirs(written, exist_ok=True)
torch.manual_seed(0)
torch.set_num_threads(2)
EPOCHS = 2

LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
TINT = torch.tensor([1.0, 0.8, 0.6]).view(1, 3, 1, 1)
with open(os.path.join(fixtures, "fixtures.json")) as f:
    spec = json.load(f)
MEAN = torch.tensor(spec["mean"]).view(1, 3, 1, 1)
STD = torch.tensor(spec["std"]).view(1, 3, 1, 1)


def idx(split):
    with gzip.open(os.path.join(data, "fashion-mnist", f"{split}-images-idx3-ubyte.gz")) as f:
        _, n, h, w = struct.unpack(">IIII", f.read(16))
        images = torch.frombuffer(bytearray(f.read(n * h * w)), dtype=torch.uint8).view(n, 1, h, w)
    with gzip.open(os.path.join(data, "fashion-mnist", f"{split}-labels-idx1-ubyte.gz")) as f:
        f.read(8)
        labels = torch.frombuffer(bytearray(f.read(n)), dtype=torch.uint8).long()
    return images, labels


def rgb32(images):
    """uint8 N x 1 x 28 x 28 -> float N x 3 x 32 x 32 in [0, 1], as 8-bit PNGs hold it."""
    return (F.pad(images.float() / 255.0, (2, 2, 2, 2)) * TINT * 255).round() / 255


def stage(inplanes, planes, stride):
    downsample = None
    if stride != 1 or inplanes != planes:
        downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, bias=False),
                                   nn.BatchNorm2d(planes))
    return nn.Sequential(BasicBlock(inplanes, planes, stride, downsample),
                         BasicBlock(planes, planes))


class ResNet(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, padding=1, bias=False),
                                  nn.BatchNorm2d(16), nn.ReLU(inplace=True))
        self.layers = nn.Sequential(stage(16, 16, 1), stage(16, 32, 2), stage(32, 64, 2))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        return self.fc(torch.flatten(self.pool(self.layers(self.stem(x))), 1))


train_images, train_labels = idx("train")
test_images, test_labels = idx("t10k")
x_train = (rgb32(train_images) - MEAN) / STD
x_test = (rgb32(test_images) - MEAN) / STD
model = ResNet()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(EPOCHS):
    model.train()
    order = torch.randperm(len(x_train))
    for start in range(0, len(order), 128):
        batch = order[start:start + 128]
        loss = F.cross_entropy(model(x_train[batch]), train_labels[batch])  # SoftMax
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: last loss {loss.item():.4f}", flush=True)

model.eval()
with torch.no_grad():
    accuracy = sum((model(x_test[i:i + 500]).argmax(1) == test_labels[i:i + 500]).sum().item()
                   for i in range(0, len(x_test), 500)) / len(x_test)
    model.fc = nn.Identity()  # cut before the classifier: the output is the pooled features
    traced = torch.jit.trace(model, x_test[:2])
    traced.save(os.path.join(out, "resnet-features.pt"))
    inputs = torch.frombuffer(bytearray(open(os.path.join(fixtures, "inputs.f32"), "rb").read()),
                              dtype=torch.float32).view(-1, 3, 32, 32)
    features = traced(inputs)
with open(os.path.join(written, "resnet-features.f32"), "wb") as f:
    f.write(features.numpy().astype("<f4").tobytes())
per_class = {c: 0 for c in range(10)}
for i in range(len(train_labels)):
    c = int(train_labels[i])
    if per_class[c] < 100:
        folder = os.path.join(out, "images", "train",
                              f"{c}-" + LABELS[c].lower().replace("/", "-").replace(" ", "-"))
        os.makedirs(folder, exist_ok=True)
        rgb = (rgb32(train_images[i:i + 1])[0] * 255).round().to(torch.uint8)
        Image.fromarray(rgb.permute(1, 2, 0).numpy(), "RGB").save(
            os.path.join(folder, f"{i:05d}.png"))
        per_class[c] += 1
with open(os.path.join(written, "resnet.json"), "w") as f:
    json.dump({
        "torch_version": torch.__version__,
        "data": os.path.relpath(data, root),
        "architecture": "stem conv3x3(16)+BN+ReLU; torchvision BasicBlock x2 per stage at 16, 32,"
                        " 64 channels (strides 1, 2, 2); AdaptiveAvgPool2d(1); fc cut (Identity)",
        "feature_dimension": int(features.shape[1]),
        "count": int(features.shape[0]),
        "training": f"SoftMax cross-entropy, Adam lr 1e-3, batch 128, {EPOCHS} epochs, seed 0",
        "softmax_test_accuracy": round(accuracy, 4),
        "train_images_per_class": 100,
    }, f, indent=2)
print(f"SoftMax test accuracy {accuracy:.4f}; wrote {out}")
