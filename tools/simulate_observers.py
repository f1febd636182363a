#!/usr/bin/env python3
"""Writes experiments/human/simulated-observers.csv: SIMULATED people, not measurements.

Three observers, radial and tangential flankers, method of constant stimuli at six spacings
around their critical spacing at 2 to 10 deg, 30 trials each, in PsychoPy's one-row-per-trial
shape. Each observer follows Bouma's law with b = 0.40, 0.45 or 0.50 radially and half of it
tangentially, intercept 0.1 deg; answers follow a logistic on log10 spacing (slope 6 per log10
unit) between chance for 10 letters (0.1) and 1 - 0.02 (lapses), halfway at the critical
spacing. Deterministic: the same file every time.
"""
import math
import random
import sys

GUESS, LAPSE, SLOPE, INTERCEPT = 0.1, 0.02, 6.0, 0.1
OBSERVERS = {"sim1": 0.40, "sim2": 0.45, "sim3": 0.50}
RATIOS = (0.5, 0.7, 1.0, 1.4, 2.0, 2.8)


def main(path):
    rng = random.Random(2008)
    with open(path, "w", newline="") as out:
        out.write("participant,arrangement,ecc_deg,spacing_deg,key_resp.corr\n")
        for name, b in OBSERVERS.items():
            for arrangement, factor in (("radial", 1.0), ("tangential", 0.5)):
                for ecc in (2, 4, 6, 8, 10):
                    critical = factor * b * ecc + INTERCEPT
                    for ratio in RATIOS:
                        spacing = critical * ratio
                        f = 1 / (1 + math.exp(-SLOPE * math.log10(ratio)))
                        p = GUESS + (1 - GUESS - LAPSE) * f
                        for _ in range(30):
                            correct = 1 if rng.random() < p else 0
                            out.write(f"{name},{arrangement},{ecc},{spacing:.4f},{correct}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "experiments/human/simulated-observers.csv")
