#!/usr/bin/python3
"""Fovea's spatial-transformer training beside the same models written in PyTorch.

The PyTorch side is the internship's code as it is usually written (science-attention.md 3.1
and 3.2): STN_28x28 (localisation Conv(1,8,7)-pool-ReLU-Conv(8,10,5)-pool-ReLU, FC 90-32-6,
identity start, the What LeNet on the glimpse) and STN_128x128 (four conv blocks, FC 2048-32-6,
a 128 x 128 grid, the Conv(1,20,5)/Conv(20,100,5)/FC(84100,128) classifier), affine_grid and
grid_sample with align_corners=False, SGD lr 0.01, batch 100. Stimuli are drawn fresh for every
batch with numpy (MotionCloud noise by FFT, the opaque max rule, the circular mask), one sample
at a time, as the original's transforms do. Debian's python3-torch on the same number of threads
as Fovea. It reports the whole pipeline and the model alone (on a batch generated once), runs
`fovea-cli bench attention`, and prints JSON with the ratios.

usage: tools/bench/attention_vs_pytorch.py [path/to/fovea-cli] [steps] [threads]
"""
import json
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from mnist_sheet import load_digits
from retina_vs_numpy import motion_cloud, shift
from train_vs_pytorch import rate

BATCH = 100


def mix(x, contrast, noise):
    span = x.max() - x.min()
    x = (x - x.min()) / span if span > 0 else np.zeros_like(x)  # a digit shifted out of frame
    x = (2 * x - 1) * contrast / 2 + 0.5
    x[x <= 0.5] = -np.inf
    return np.clip(np.maximum(x, noise), 0, 1)


def sample28(digit, rng):
    di, dj = (int(np.clip(rng.standard_normal() * 15, -25, 25)) for _ in range(2))
    x = mix(shift(digit / 255.0, di, dj, 0.0), rng.uniform(0.3, 0.7), motion_cloud(rng, 28))
    return np.floor(x * 255) / 255


def sample128(digit, rng):
    x = np.zeros((128, 128))
    x[50:78, 50:78] = digit / 255.0
    theta, radius = rng.random() * 2 * np.pi, min(abs(rng.standard_normal()) * 30, 40)
    x = shift(x, int(radius * np.cos(theta)), int(radius * np.sin(theta)), 0.0)
    x = mix(x, 0.7, motion_cloud(rng, 128))
    x = (x - x.min()) / (x.max() - x.min())
    r = np.mgrid[-1:1:128j, -1:1:128j]
    return (x - 0.5) * (np.sqrt(r[0] ** 2 + r[1] ** 2) < 1) + 0.5


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 20, 5), nn.Conv2d(20, 50, 5)
        self.fc1, self.fc2 = nn.Linear(800, 500), nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


class Classifier128(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 20, 5), nn.Conv2d(20, 100, 5)
        self.fc1, self.fc2 = nn.Linear(100 * 29 * 29, 128), nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def block(i, o, k):
    return [nn.Conv2d(i, o, k), nn.MaxPool2d(2), nn.ReLU()]


class Stn(nn.Module):
    def __init__(self, side):
        super().__init__()
        if side == 28:
            self.loc = nn.Sequential(*block(1, 8, 7), *block(8, 10, 5))
            features, self.classifier = 90, LeNet()
        else:
            self.loc = nn.Sequential(*block(1, 16, 7), *block(16, 32, 5), *block(32, 64, 5),
                                     *block(64, 128, 5))
            features, self.classifier = 2048, Classifier128()
        self.head = nn.Sequential(nn.Linear(features, 32), nn.ReLU(), nn.Linear(32, 6))
        self.head[2].weight.data.zero_()
        self.head[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    def forward(self, x):
        theta = self.head(self.loc(x).flatten(1)).view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size(), align_corners=False)
        return self.classifier(F.grid_sample(x, grid, align_corners=False))


def measure(side, digits, steps):
    rng = np.random.default_rng(2019)
    sample = sample28 if side == 28 else sample128
    net = Stn(side)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

    def batch():
        picks = rng.integers(0, len(digits), BATCH)
        x = np.stack([sample(digits[i], rng) for i in picks]).astype(np.float32)
        return torch.from_numpy(x).unsqueeze(1), torch.from_numpy((picks // 500).astype(np.int64))

    def step(given=None):
        x, y = given if given is not None else batch()
        optimizer.zero_grad()
        F.cross_entropy(net(x), y).backward()
        optimizer.step()

    fixed = batch()
    return (rate(step, steps, BATCH), rate(lambda: step(fixed), steps, BATCH),
            rate(batch, 1, BATCH))


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "build/release/app/cli/fovea-cli"
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(2019)
    digits = load_digits()
    out = subprocess.run([cli, "--json", "--threads", str(threads), "bench", "attention",
                          "--steps", str(steps)], check=True, capture_output=True,
                         text=True).stdout
    ours = json.loads(out)
    result = {"threads": threads, "batch": BATCH, "torch_version": torch.__version__}
    for side in (28, 128):
        whole, model, data = measure(side, digits, steps)
        key = "stn%d" % side
        fovea = ours[key + "_train_images_per_s"]
        result[key] = {
            "fovea_train_images_per_s": round(fovea, 2),
            "pytorch_train_images_per_s": round(whole, 2),
            "train_speedup": round(fovea / whole, 2),
            "pytorch_model_only_images_per_s": round(model, 2),
            "python_stimuli_per_s": round(data, 2),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
