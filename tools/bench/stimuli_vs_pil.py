#!/usr/bin/python3
"""Fovea's stimulus throughput beside a straightforward Python implementation.

The straightforward way paints the full 1920 px canvas with numpy and resizes each of the 11
crops with Pillow's BILINEAR filter (what the crowding study did with scipy.misc.imresize).
This script times it on one process, checks that Fovea's crops are the same pixels for the
same stimuli, runs `fovea-cli bench stimuli`, and prints both figures and their ratio as JSON.

usage: tools/bench/stimuli_vs_pil.py [path/to/fovea-cli] [python samples]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

from mnist_sheet import load_digits

FIELD, CROP, SCALES, DIGIT = 1920, 60, 11, 120


def crops_of(digit28, target_ecc):
    field = np.zeros((FIELD, FIELD), np.uint8)
    digit = np.array(Image.fromarray(digit28).resize((DIGIT, DIGIT), Image.BILINEAR))
    half = FIELD / 2
    ymin, xmin = int(half - DIGIT / 2), int(half - DIGIT / 2 + target_ecc)
    field[ymin:ymin + DIGIT, xmin:xmin + DIGIT] = digit
    ratio = (FIELD / CROP) ** (1 / (SCALES - 1))
    crops = []
    for i in range(SCALES):
        size = CROP * ratio ** i
        lo, hi = int(half - size / 2), int(half + size / 2)
        crop = Image.fromarray(field[lo:hi, lo:hi]).resize((CROP, CROP), Image.BILINEAR)
        crops.append(np.array(crop))
    return np.stack(crops)


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "build/release/app/cli/fovea-cli"
    python_samples = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    digits = load_digits()
    with tempfile.TemporaryDirectory() as dump:
        fovea = json.loads(subprocess.run(
            [cli, "--json", "bench", "stimuli", "--dump", dump],
            check=True, capture_output=True, text=True).stdout)
        samples = json.load(open(os.path.join(dump, "samples.json")))
        fovea_crops = np.load(os.path.join(dump, "crops.npy"))

    diffs = []
    for sample, crops in zip(samples, fovea_crops):
        ours = crops_of(digits[sample["target_digit"]], sample["target_ecc_px"])
        diffs.append(np.abs(ours.astype(np.int16) - crops.astype(np.int16)))
    diffs = np.stack(diffs)

    rng = np.random.default_rng(2017)
    evens = [i for i in range(5000) if (i // 500) % 2 == 0]
    width = FIELD - DIGIT
    start = time.perf_counter()
    for _ in range(python_samples):
        crops = crops_of(digits[rng.choice(evens)], rng.random() * width - width / 2)
        network_input = crops.astype(np.float32) / 255 - 0.5
    python_rate = python_samples / (time.perf_counter() - start)

    print(json.dumps({
        "fovea_stimuli_per_s": round(fovea["stimuli_per_s"], 1),
        "fovea_threads": fovea["threads"],
        "python_pil_stimuli_per_s": round(python_rate, 2),
        "python_processes": 1,
        "speedup": round(fovea["stimuli_per_s"] / python_rate, 1),
        "pixels_vs_pil": {"samples": len(samples), "mean_abs_diff": float(diffs.mean()),
                          "max_abs_diff": int(diffs.max())},
    }, indent=2))


if __name__ == "__main__":
    main()
