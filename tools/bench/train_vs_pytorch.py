#!/usr/bin/python3
"""Fovea's training and evaluation throughput beside the same model and pipeline in PyTorch.

The PyTorch side is written the way the crowding study's model is usually ported: the input as
[batch, 1, scales, 60, 60], a Conv3d with a 1x5x5 kernel shared across scales, ReLU, a 1x3x3
max-pool over every scale, then the max over the scale window (11-1-1-1-1: all scales pooled
after layer 1), three more conv layers and a global max-pool, one linear layer; Adagrad with
TensorFlow's initial accumulator 0.1. Stimuli are drawn fresh for every batch with numpy and
Pillow (tools/bench/stimuli_vs_pil.py), as a Python pipeline would. Debian's python3-torch,
the same number of threads as Fovea. It reports the whole pipeline and the model alone (on a
batch generated once), runs `fovea-cli bench train|eval`, and prints JSON with the ratios.

usage: tools/bench/train_vs_pytorch.py [path/to/fovea-cli] [steps] [threads]
"""
import json
import subprocess
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from mnist_sheet import load_digits
from stimuli_vs_pil import CROP, DIGIT, FIELD, SCALES, crops_of

BATCH = 128


class EccentricityNet(nn.Module):
    def __init__(self, scheme=(11, 1, 1, 1, 1), channels=32, classes=5):
        super().__init__()
        self.scheme = scheme
        self.convs = nn.ModuleList()
        in_channels, side = 1, CROP
        for _ in range(len(scheme) - 1):
            kernel = 5 if side >= 5 else 1
            self.convs.append(nn.Conv3d(in_channels, channels, (1, kernel, kernel)))
            side = side - kernel + 1 - 2
            in_channels = channels
        self.fc = nn.Linear(scheme[-1] * channels, classes)
        for module in self.modules():  # the original's init: truncated normal sd 0.1, bias 0.1
            if isinstance(module, (nn.Conv3d, nn.Linear)):
                nn.init.trunc_normal_(module.weight, std=0.1, a=-0.2, b=0.2)
                nn.init.constant_(module.bias, 0.1)

    def forward(self, x):  # x: [batch, scales, 60, 60]
        x = x.unsqueeze(1)
        layers = len(self.convs)
        for l, conv in enumerate(self.convs):
            x = F.relu(conv(x))
            if l == layers - 1:
                x = F.max_pool3d(x, (1, x.shape[3], x.shape[4]))  # total pooling
            else:
                x = F.max_pool3d(x, (1, 3, 3), stride=1)
            k = self.scheme[l] - self.scheme[l + 1] + 1
            if k > 1:
                x = F.max_pool3d(x, (k, 1, 1), stride=1)
        return self.fc(x.flatten(1))


def make_batch(digits, evens, rng):
    width = FIELD - DIGIT
    inputs = np.empty((BATCH, SCALES, CROP, CROP), np.float32)
    labels = np.empty(BATCH, np.int64)
    for j in range(BATCH):
        index = rng.choice(evens)
        inputs[j] = crops_of(digits[index], rng.random() * width - width / 2) / 255.0 - 0.5
        labels[j] = (index // 500) // 2
    return torch.from_numpy(inputs), torch.from_numpy(labels)


def rate(function, steps, batch=BATCH):
    function()  # warm-up
    start = time.perf_counter()
    for _ in range(steps):
        function()
    return steps * batch / (time.perf_counter() - start)


def fovea(cli, verb, steps, threads):
    out = subprocess.run([cli, "--json", "--threads", str(threads), "bench", verb, "--steps",
                          str(steps)], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "build/release/app/cli/fovea-cli"
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(2017)
    digits = load_digits()
    evens = [i for i in range(5000) if (i // 500) % 2 == 0]
    rng = np.random.default_rng(2017)
    net = EccentricityNet()
    optimizer = torch.optim.Adagrad(net.parameters(), lr=0.01, initial_accumulator_value=0.1,
                                    eps=1e-10)

    def train_step(batch=None):
        x, y = batch if batch is not None else make_batch(digits, evens, rng)
        optimizer.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        optimizer.step()

    def eval_step(batch=None):
        x, _ = batch if batch is not None else make_batch(digits, evens, rng)
        with torch.no_grad():
            net(x).argmax(1)

    fixed = make_batch(digits, evens, rng)
    data_rate = rate(lambda: make_batch(digits, evens, rng), 1)
    torch_train = rate(train_step, steps)
    torch_train_model = rate(lambda: train_step(fixed), steps)
    torch_eval = rate(eval_step, steps)
    torch_eval_model = rate(lambda: eval_step(fixed), steps)
    ours_train = fovea(cli, "train", steps, threads)
    ours_eval = fovea(cli, "eval", steps, threads)
    print(json.dumps({
        "threads": threads,
        "batch": BATCH,
        "torch_version": torch.__version__,
        "fovea_train_images_per_s": round(ours_train["train_images_per_s"], 2),
        "pytorch_train_images_per_s": round(torch_train, 2),
        "train_speedup": round(ours_train["train_images_per_s"] / torch_train, 2),
        "fovea_eval_images_per_s": round(ours_eval["eval_images_per_s"], 2),
        "pytorch_eval_images_per_s": round(torch_eval, 2),
        "eval_speedup": round(ours_eval["eval_images_per_s"] / torch_eval, 2),
        "where_the_time_goes": {
            "python_stimuli_per_s": round(data_rate, 2),
            "pytorch_train_model_only_images_per_s": round(torch_train_model, 2),
            "pytorch_eval_model_only_images_per_s": round(torch_eval_model, 2),
            "fovea_train_gflops": round(ours_train["achieved_gflops"], 1),
            "fovea_eval_gflops": round(ours_eval["achieved_gflops"], 1),
            "matmul_peak_gflops": round(ours_train["matmul_peak_gflops"], 1),
        },
    }, indent=2))


if __name__ == "__main__":
    main()
