"""Makes and checks a TorchScript module for Fovea's bring-your-own-model test.

make OUT.pt: a small CNN on 4 crops of 20 px (the crops as channels), 5 classes, scripted.
check MODULE.pt INPUT.npy MEAN STD LAYER.npy NAME ...: runs the module on Fovea's input
  (v / 255 - 0.5, as features.npy writes it) and prints the largest difference from each of
  Fovea's NPYs, per named output ("logits" or a submodule name).
"""
import sys

import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        # In-place ReLUs, as torchvision's models have: an exposed conv output must be read
        # before the ReLU overwrites it.
        self.features = nn.Sequential(nn.Conv2d(4, 8, 5), nn.ReLU(inplace=True), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3), nn.ReLU(inplace=True))
        self.head = nn.Linear(16 * 6 * 6, 5)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def make(out):
    torch.manual_seed(0)
    torch.jit.script(Net().eval()).save(out)


def check(module_path, input_path, mean, std, pairs):
    module = torch.jit.load(module_path).eval()
    x = (torch.from_numpy(np.load(input_path)) + 0.5 - float(mean)) / float(std)
    outputs = {}
    with torch.no_grad():
        features = module.features
        outputs["features.0"] = getattr(features, "0")(x).clone()
        outputs["features"] = features(x)
        outputs["logits"] = module(x)
    for npy, name in zip(pairs[0::2], pairs[1::2]):
        fovea = torch.from_numpy(np.load(npy))
        print(name, float((fovea.reshape(outputs[name].shape) - outputs[name]).abs().max()))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
