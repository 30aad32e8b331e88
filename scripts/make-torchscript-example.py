#!/usr/bin/python3
"""Trains a small network with an IsoMax+ last layer in PyTorch and exports it as TorchScript,
with fixtures that let the Java side check it serves the same logits. Python from Debian only
(python3-torch); CI needs none of it: what this writes is committed.

    scripts/make-torchscript-example.py [DATA_DIR] [OUT_DIR]

DATA_DIR holds fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (scripts/fetch-data.sh;
default data/, else samples/). Fashion-MNIST is rendered as 3x32x32 RGB: each 28x28 image padded by
2 pixels and tinted (red = gray, green = 0.8 gray, blue = 0.6 gray), then normalised per channel.
Writes OUT_DIR (default examples/torchscript/):
  fashion32-isomax.pt       the traced network, input N x 3 x 32 x 32, output N x 10 IsoMax+ logits
  fixtures/inputs.f32       32 preprocessed test images, float32 little-endian, N x 3 x 32 x 32
  fixtures/logits.f32       PyTorch's logits of them, float32 little-endian, N x 10
  fixtures/image-NN.png      16 test images rendered as 8-bit RGB and enlarged to 48x48 (PIL bicubic)
  fixtures/images.f32       PyTorch's logits of them through torchvision's Resize(32) (bilinear),
                            CenterCrop(32), ToTensor and Normalize(mean, std), N x 10
  fixtures/fixtures.json    shapes, labels, preprocessing, torch version, test accuracy
  images/val/N-LABEL/*.png  50 test images per class rendered as 8-bit RGB 32x32 PNGs, in
                            torchvision's ImageFolder layout (class N is the N-th folder)
  images/digits/*.png       200 MNIST digits (DATA_DIR/mnist-digits) rendered the same way: OOD
"""
import gzip, json, os, struct, sys

import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image
from torchvision import transforms

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "data")
if not os.path.exists(os.path.join(data, "fashion-mnist", "train-images-idx3-ubyte.gz")):
    data = os.path.join(root, "samples")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "examples", "torchscript")
os.makedirs(os.path.join(out, "fixtures"), exist_ok=True)
torch.manual_seed(0)
torch.set_num_threads(2)

LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
TINT = torch.tensor([1.0, 0.8, 0.6]).view(1, 3, 1, 1)


def idx(split):
    with gzip.open(os.path.join(data, "fashion-mnist", f"{split}-images-idx3-ubyte.gz")) as f:
        _, n, h, w = struct.unpack(">IIII", f.read(16))
        images = torch.frombuffer(bytearray(f.read(n * h * w)), dtype=torch.uint8).view(n, 1, h, w)
    with gzip.open(os.path.join(data, "fashion-mnist", f"{split}-labels-idx1-ubyte.gz")) as f:
        f.read(8)
        labels = torch.frombuffer(bytearray(f.read(n)), dtype=torch.uint8).long()
    return images, labels


def rgb32(images):
    """uint8 N x 1 x 28 x 28 -> float N x 3 x 32 x 32 in [0, 1]."""
    return F.pad(images.float() / 255.0, (2, 2, 2, 2)) * TINT


class IsoMaxPlusLastLayer(nn.Module):
    """The IsoMax+ last layer (arXiv 2105.14399): logits = -|s| * ||normalize(f) - normalize(p_c)||."""

    def __init__(self, features, classes):
        super().__init__()
        self.prototypes = nn.Parameter(torch.empty(classes, features))
        self.distance_scale = nn.Parameter(torch.empty(1))
        nn.init.normal_(self.prototypes, mean=0.0, std=1.0)
        nn.init.constant_(self.distance_scale, 1.0)

    def forward(self, features):
        distances = torch.abs(self.distance_scale) * torch.cdist(
            F.normalize(features), F.normalize(self.prototypes),
            p=2.0, compute_mode="donot_use_mm_for_euclid_dist")
        return -distances


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc = nn.Linear(32 * 8 * 8, 64)
        self.head = IsoMaxPlusLastLayer(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.head(F.relu(self.fc(torch.flatten(x, 1))))


train_images, train_labels = idx("train")
test_images, test_labels = idx("t10k")
train = rgb32(train_images)
mean = train.mean(dim=(0, 2, 3))
std = train.std(dim=(0, 2, 3))


def normalise(x):
    return (x - mean.view(1, 3, 1, 1)) / std.view(1, 3, 1, 1)


x_train = normalise(train)
model = Net()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(3):
    order = torch.randperm(len(x_train))
    for start in range(0, len(order), 128):
        batch = order[start:start + 128]
        logits = model(x_train[batch])
        loss = F.cross_entropy(10.0 * logits, train_labels[batch])  # entropic scale 10
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch + 1}: last loss {loss.item():.4f}", flush=True)

model.eval()
x_test = normalise(rgb32(test_images))
with torch.no_grad():
    accuracy = (model(x_test).argmax(1) == test_labels).float().mean().item()
    traced = torch.jit.trace(model, x_test[:2])
    traced.save(os.path.join(out, "fashion32-isomax.pt"))
    inputs = x_test[:32].contiguous()
    logits = traced(inputs)
pipeline = transforms.Compose([
    transforms.Resize(32, interpolation=transforms.InterpolationMode.BILINEAR),
    transforms.CenterCrop(32),
    transforms.ToTensor(),
    transforms.Normalize(mean.tolist(), std.tolist()),
])
image_logits = []
for i in range(16):
    rgb = (rgb32(test_images[i:i + 1])[0] * 255).round().to(torch.uint8).permute(1, 2, 0)
    png = os.path.join(out, "fixtures", f"image-{i:02d}.png")
    Image.fromarray(rgb.numpy(), "RGB").resize((48, 48), Image.BICUBIC).save(png)
    with torch.no_grad():
        image_logits.append(traced(pipeline(Image.open(png).convert("RGB")).unsqueeze(0))[0])
def save_rgb(gray_28x28_uint8, path):
    rgb = (rgb32(gray_28x28_uint8.view(1, 1, 28, 28))[0] * 255).round().to(torch.uint8)
    Image.fromarray(rgb.permute(1, 2, 0).numpy(), "RGB").save(path)


per_class = {c: 0 for c in range(10)}
for i in range(len(test_labels)):
    c = int(test_labels[i])
    if per_class[c] < 50:
        folder = os.path.join(out, "images", "val", f"{c}-" + LABELS[c].lower().replace("/", "-").replace(" ", "-"))
        os.makedirs(folder, exist_ok=True)
        save_rgb(test_images[i], os.path.join(folder, f"{i:05d}.png"))
        per_class[c] += 1
digits_dir = os.path.join(data, "mnist-digits")
os.makedirs(os.path.join(out, "images", "digits"), exist_ok=True)
for d in range(10):
    with open(os.path.join(digits_dir, f"{d}.json")) as f:
        values = json.load(f)["data"]
    for k in range(20):
        pixels = torch.tensor(values[k * 784:(k + 1) * 784]).mul(255).round().to(torch.uint8)
        save_rgb(pixels, os.path.join(out, "images", "digits", f"{d}-{k:02d}.png"))
with open(os.path.join(out, "fixtures", "images.f32"), "wb") as f:
    f.write(torch.stack(image_logits).numpy().astype("<f4").tobytes())
with open(os.path.join(out, "fixtures", "inputs.f32"), "wb") as f:
    f.write(inputs.numpy().astype("<f4").tobytes())
with open(os.path.join(out, "fixtures", "logits.f32"), "wb") as f:
    f.write(logits.numpy().astype("<f4").tobytes())
with open(os.path.join(out, "fixtures", "fixtures.json"), "w") as f:
    json.dump({
        "torch_version": torch.__version__,
        "data": os.path.relpath(data, root),
        "count": len(inputs),
        "input_shape": [3, 32, 32],
        "classes": LABELS,
        "labels": test_labels[:32].tolist(),
        "mean": mean.tolist(),
        "std": std.tolist(),
        "render": "pad 2, tint (1.0, 0.8, 0.6), then (x - mean) / std per channel",
        "images": {"count": 16, "size": [48, 48], "resize": 32, "interpolation": "bilinear",
                   "crop": [32, 32]},
        "test_accuracy": round(accuracy, 4),
    }, f, indent=2)
print(f"test accuracy {accuracy:.4f}; wrote {out}")
