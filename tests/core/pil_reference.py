#!/usr/bin/python3
"""Resize an image with Pillow's BILINEAR filter, the reference for Fovea's resampling.

usage: pil_reference.py INPUT.png OUTPUT_DIR WxH [WxH ...]
writes OUTPUT_DIR/WxH.png for each size.
"""
import os
import sys

from PIL import Image


def main():
    source = Image.open(sys.argv[1]).convert("L")
    for size in sys.argv[3:]:
        width, height = (int(v) for v in size.split("x"))
        source.resize((width, height), Image.BILINEAR).save(os.path.join(sys.argv[2], size + ".png"))


if __name__ == "__main__":
    main()
