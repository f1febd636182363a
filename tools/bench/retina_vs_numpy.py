#!/usr/bin/python3
"""Fovea's 128 x 128 retina samples beside a straightforward numpy implementation.

The straightforward way follows the What/Where code: MotionCloud noise with numpy's FFT, the
opaque max-rule mixing, and the circular mask, one sample at a time on one process. The script
times it, checks that Fovea's mixing and mask give the same pixels from the same noise, digit,
offsets and contrast (the noise itself differs by design: C++ cannot reproduce numpy's RNG),
runs `fovea-cli bench retina`, and prints both figures and their ratio as JSON.

usage: tools/bench/retina_vs_numpy.py [path/to/fovea-cli] [python samples]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from mnist_sheet import load_digits

N, SF0, BSF, NOISE, CONTRAST, STD, MAX = 128, 0.1, 0.1, 0.75, 0.7, 30, 40


def motion_cloud(rng, n=N, noise=NOISE):
    fx, fy = np.mgrid[-n // 2:(n - 1) // 2 + 1, -n // 2:(n - 1) // 2 + 1] / n
    f = np.sqrt(fx ** 2 + fy ** 2)
    f[n // 2, n // 2] = np.inf
    env = (1 / f) * np.exp(-0.5 * np.log(f / SF0) ** 2 / np.log((SF0 + BSF) / SF0) ** 2)
    field = np.exp(1j * 2 * np.pi * rng.random((n, n))) * rng.standard_normal((n, n))
    fz = np.fft.ifftshift(field * env)
    fz[0, 0] = 0
    z = np.real(np.fft.ifft2(fz))
    z -= z.mean()
    z = 0.5 * z / np.abs(z).max() + 0.5
    return (2 * z - 1) * noise / 2 + 0.5


def shift(image, di, dj, fill):
    N = image.shape[0]  # noqa: N806 (any square image)
    out = np.full_like(image, fill)
    src = image[max(0, -di):N - max(0, di), max(0, -dj):N - max(0, dj)]
    out[max(0, di):max(0, di) + src.shape[0], max(0, dj):max(0, dj) + src.shape[1]] = src
    return out


def mix_and_mask(digit28, di, dj, contrast, noise):
    x = np.zeros((N, N))
    x[50:78, 50:78] = digit28 / 255
    x = shift(x, di, dj, 0.0)
    x = (x - x.min()) / (x.max() - x.min())
    x = (2 * x - 1) * contrast / 2 + 0.5
    x[x <= 0.5] = -np.inf
    x = np.clip(np.maximum(x, noise), 0, 1)
    x = (x - x.min()) / (x.max() - x.min())
    r = np.mgrid[-1:1:N * 1j, -1:1:N * 1j]
    disk = np.sqrt(r[0] ** 2 + r[1] ** 2) < 1
    return (x - 0.5) * disk + 0.5


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "build/release/app/cli/fovea-cli"
    python_samples = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    digits = load_digits()
    with tempfile.TemporaryDirectory() as dump:
        fovea = json.loads(subprocess.run([cli, "--json", "bench", "retina", "--dump", dump],
                                          check=True, capture_output=True, text=True).stdout)
        samples = json.load(open(os.path.join(dump, "samples.json")))
        noises = np.load(os.path.join(dump, "noise.npy")).astype(np.float64)
        images = np.load(os.path.join(dump, "images.npy")).astype(np.float64)
    diffs = [np.abs(mix_and_mask(digits[s["digit"]], s["row_offset"], s["col_offset"],
                                 s["contrast"], noise) - image)
             for s, noise, image in zip(samples, noises, images)]
    diffs = np.stack(diffs) * 255  # in grey levels

    rng = np.random.default_rng(2019)
    start = time.perf_counter()
    for k in range(python_samples):
        theta = rng.random() * 2 * np.pi
        radius = min(abs(rng.standard_normal()) * STD, MAX)
        di, dj = int(radius * np.cos(theta)), int(radius * np.sin(theta))
        mix_and_mask(digits[k % 5000], di, dj, CONTRAST, motion_cloud(rng))
    python_rate = python_samples / (time.perf_counter() - start)

    print(json.dumps({
        "fovea_retina_samples_per_s": round(fovea["retina_samples_per_s"], 1),
        "fovea_threads": fovea["threads"],
        "python_numpy_retina_samples_per_s": round(python_rate, 1),
        "python_processes": 1,
        "speedup": round(fovea["retina_samples_per_s"] / python_rate, 1),
        "pixels_vs_numpy_same_noise": {"samples": len(samples),
                                       "mean_abs_diff_grey_levels": float(diffs.mean()),
                                       "max_abs_diff_grey_levels": float(diffs.max())},
    }, indent=2))


if __name__ == "__main__":
    main()
