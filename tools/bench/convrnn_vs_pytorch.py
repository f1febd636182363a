#!/usr/bin/python3
"""A shallow ConvRNN unrolled step by step in PyTorch, written straight from
science-convrnn.md: every node computed at every step for the whole batch, as a direct port
does. Two uses:

  --bench: images/s of gru_shallow inference (default presentation, T = 16) on
           Debian's python3-torch, to set beside `fovea-cli --json bench convrnn`.
  --reference DIR: random weights in the TF checkpoint's names and layouts
           (DIR/weights.safetensors, the format of docs/formats.md, written with numpy), a
           batch of images and this implementation's outputs at every step
           (DIR/reference.safetensors), for Fovea's loader test.

usage: tools/bench/convrnn_vs_pytorch.py --bench [--threads N] [--batch B] [--width W]
       tools/bench/convrnn_vs_pytorch.py --reference DIR --cell gru|lstm --width W --image PX
"""
import argparse
import json
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

NODES = ["conv1", "conv2", "conv3", "conv4", "conv5", "imnetds"]


def write_archive(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        data = np.ascontiguousarray(tensors[name], dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(np.shape(tensors[name])),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(text)))
        out.write(text)
        for data in blobs:
            out.write(data)


def tf_same(x, kernel, stride, value=0.0):
    def pads(size):
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        return total // 2, total - total // 2
    top, bottom = pads(x.shape[2])
    left, right = pads(x.shape[3])
    return F.pad(x, (left, right, top, bottom), value=value)


class ShallowConvRnn:
    """gru_shallow or lstm_shallow; weights kept in TF layout and converted on use."""

    def __init__(self, cell, width, in_channels, image_px, classes, seed=0):
        self.cell, self.classes = cell, classes
        ch = lambda c: max(1, int(round(c * width)))
        narrow = cell == "lstm"
        self.pre = [ch(64), ch(128), ch(256), ch(256), ch(512)]
        self.out = self.pre[:2] + ([ch(128), ch(256), ch(256)] if narrow else self.pre[2:])
        self.kernel = [3, 3, 2, 3, 4] if narrow else [3] * 5
        self.forget = [0, 0, 1.3562, 0.9780, 0.9249] if narrow else [1.0] * 5
        sides, side = [], -(-image_px // 2)
        for _ in range(5):
            sides.append(side)
            side = -(-side // 2)
        self.sides = sides  # where each node's memory works
        rng = np.random.default_rng(seed)
        w = {}
        cin = in_channels
        for i, node in enumerate(NODES[:5]):
            k = 7 if i == 0 else 3
            w[f"tnn_model/{node}/pre_0/weights_basenet"] = rng.normal(
                0, np.sqrt(1.0 / (k * k * cin)), (k, k, cin, self.pre[i]))
            w[f"tnn_model/{node}/pre_0/bias"] = rng.normal(0, 0.05, self.pre[i])
            if i >= 2:
                self._cell_weights(w, rng, i, node)
            else:
                w[f"tnn_model/{node}/memory_decay"] = np.zeros(1)
            cin = self.out[i]
        w["tnn_model/imnetds/pre_1/weights"] = rng.normal(0, np.sqrt(1.0 / (4 * cin)),
                                                          (2, 2, cin, classes))
        w["tnn_model/imnetds/pre_1/bias"] = rng.normal(0, 0.05, classes)
        w["tnn_model/imnetds/memory_decay"] = np.zeros(1)
        w["global_step"] = np.array([1000.0])
        w["tnn_model/conv1/pre_0/bias/Momentum"] = np.zeros(self.pre[0])
        self.weights = {k: np.asarray(v, dtype=np.float32) for k, v in w.items()}
        self.t = {k: torch.from_numpy(v) for k, v in self.weights.items()}

    def _cell_weights(self, w, rng, i, node):
        x, c, k = self.pre[i], self.out[i], self.kernel[i]
        std = np.sqrt(1.0 / (k * k * (x + c)))
        if self.cell == "gru":
            scope = f"tnn_model/{node}/ConvGRUCell"
            w[scope + "/gates/weights"] = rng.normal(0, std, (k, k, x + c, 2 * c))
            w[scope + "/gates/bias"] = 1.0 + rng.normal(0, 0.05, 2 * c)
            w[scope + "/candidates/weights"] = rng.normal(0, std, (k, k, x + c, c))
            w[scope + "/candidates/bias"] = rng.normal(0, 0.05, c)
            return
        scope = f"tnn_model/{node}/ConvLSTMCell"
        w[scope + "/weights"] = rng.normal(0, std, (k, k, x + c, 4 * c))
        w[scope + "/bias"] = rng.normal(0, 0.05, 4 * c)
        for gate in ["input", "transform", "forget", "output", "state"]:
            w[f"{scope}/{gate}/gamma"] = 1.0 + rng.normal(0, 0.1, c)
            w[f"{scope}/{gate}/beta"] = rng.normal(0, 0.1, c)
        if i == 3:  # conv4 has peepholes, one weight per position
            s = self.sides[i]
            for name in ["w_f_diag", "w_i_diag", "w_o_diag"]:
                w[f"{scope}/peepholes/{name}"] = rng.normal(0, 0.3, (s, s, c))

    def layer_norm(self, x, scope):
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        var = ((x - mean) ** 2).mean(dim=(1, 2, 3), keepdim=True)
        gamma = self.t[scope + "/gamma"].view(1, -1, 1, 1)
        beta = self.t[scope + "/beta"].view(1, -1, 1, 1)
        return (x - mean) / torch.sqrt(var + 1e-12) * gamma + beta

    def pool(self, x):
        return F.max_pool2d(tf_same(x, 2, 2, value=float("-inf")), 2, 2)

    def cell_step(self, i, node, x, state):
        if self.cell == "gru":
            s = f"tnn_model/{node}/ConvGRUCell/"
            h = state
            gates = F.conv2d(tf_same(torch.cat([x, h], 1), 3, 1),
                             self.t[s + "gates/weights"].permute(3, 2, 0, 1),
                             self.t[s + "gates/bias"])
            r, u = gates.chunk(2, 1)
            r, u = torch.sigmoid(r + 1.0), torch.sigmoid(u)
            cand = torch.tanh(F.conv2d(tf_same(torch.cat([x, r * h], 1), 3, 1),
                                       self.t[s + "candidates/weights"].permute(3, 2, 0, 1),
                                       self.t[s + "candidates/bias"]))
            h = u * h + (1 - u) * cand
            return h, h
        s = f"tnn_model/{node}/ConvLSTMCell"
        c, h = state.chunk(2, 1)
        k = self.kernel[i]
        z = F.conv2d(tf_same(torch.cat([x, h], 1), k, 1),
                     self.t[s + "/weights"].permute(3, 2, 0, 1), self.t[s + "/bias"])
        i_, j, f, o = [self.layer_norm(g, f"{s}/{n}") for g, n in
                       zip(z.chunk(4, 1), ["input", "transform", "forget", "output"])]
        f = f + self.forget[i]
        if s + "/peepholes/w_f_diag" in self.t:
            peep = lambda n: self.t[f"{s}/peepholes/{n}"].permute(2, 0, 1).unsqueeze(0)
            f, i_, o = f + peep("w_f_diag") * c, i_ + peep("w_i_diag") * c, o + peep("w_o_diag") * c
        c = c * torch.sigmoid(f) + torch.sigmoid(i_) * torch.tanh(j)
        c = self.layer_norm(c, s + "/state")
        h = torch.tanh(c) * torch.sigmoid(o)
        return h, torch.cat([c, h], 1)

    def node_step(self, i, x, state):
        node = NODES[i]
        if node == "imnetds":
            w = self.t["tnn_model/imnetds/pre_1/weights"].permute(3, 2, 0, 1)
            return F.conv2d(x, w, self.t["tnn_model/imnetds/pre_1/bias"]).mean(dim=(2, 3)), None
        a = F.conv2d(tf_same(x, 7 if i == 0 else 3, 2 if i == 0 else 1),
                     self.t[f"tnn_model/{node}/pre_0/weights_basenet"].permute(3, 2, 0, 1),
                     self.t[f"tnn_model/{node}/pre_0/bias"], stride=2 if i == 0 else 1)
        if i < 2:
            return self.pool(F.elu(a)), None
        out, state = self.cell_step(i, node, a, state)
        return self.pool(out), state

    def unroll(self, images, times=16, image_off=12):
        if images.shape[1] == 3:
            mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
            std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
        else:
            mean, std = 0.449, 0.226
        frames = (images - mean) / std
        batch = images.shape[0]
        blank = torch.full_like(frames, 0.5)
        outs, states = [], []
        for i in range(5):
            s = self.sides[i]
            outs.append(torch.zeros(batch, self.out[i], -(-s // 2), -(-s // 2)))
            factor = 2 if self.cell == "lstm" else 1
            states.append(torch.zeros(batch, factor * self.out[i], s, s) if i >= 2 else None)
        outs.append(torch.zeros(batch, self.classes))
        states.append(None)
        steps = []
        for t in range(times):
            new = []
            for i in range(6):
                x = (frames if t < image_off else blank) if i == 0 else outs[i - 1]
                out, states[i] = self.node_step(i, x, states[i])
                new.append(out)
            outs = new
            steps.append(outs)
        return steps


def reference(args):
    model = ShallowConvRnn(args.cell, args.width, args.in_channels, args.image, args.classes)
    write_archive(f"{args.reference}/weights.safetensors", model.weights)
    torch.manual_seed(3)
    images = torch.rand(args.batch, args.in_channels, args.image, args.image)
    with torch.no_grad():
        steps = model.unroll(images)
    tensors = {"images": images.numpy()}
    for t, outs in enumerate(steps):
        for node, out in zip(NODES, outs):
            tensors[f"{node}/{t}"] = out.numpy()
    write_archive(f"{args.reference}/reference.safetensors", tensors)


def bench(args):
    torch.set_num_threads(args.threads)
    model = ShallowConvRnn("gru", args.width, 3, args.image, 1000)
    images = torch.rand(args.batch, 3, args.image, args.image)
    with torch.no_grad():
        model.unroll(images)  # warm-up
        seconds = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            model.unroll(images)
            seconds.append(time.perf_counter() - start)
    median = sorted(seconds)[len(seconds) // 2]
    print(json.dumps({"model": "gru_shallow", "width": args.width, "image_px": args.image,
                      "batch": args.batch, "threads": args.threads, "times": 16,
                      "pytorch_forward_images_per_s": round(args.batch / median, 3),
                      "seconds": [round(s, 3) for s in seconds]}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", action="store_true")
    parser.add_argument("--reference")
    parser.add_argument("--cell", default="gru", choices=["gru", "lstm"])
    parser.add_argument("--width", type=float, default=1.0)
    parser.add_argument("--image", type=int, default=224)
    parser.add_argument("--in-channels", type=int, default=3)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.reference:
        reference(args)
    elif args.bench:
        bench(args)
    else:
        parser.error("give --bench or --reference DIR")


if __name__ == "__main__":
    main()
