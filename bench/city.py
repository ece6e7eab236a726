#!/usr/bin/env python3
"""A generated city for bench/city.sh: many community packs of office-sized files.

    city.py OUT_DIR [--packs 150] [--files 400] [--scale 1.0] [--large 10] [--seed 12]
    city.py OUT_DIR --packs 1 --files 40000        # one large pack

Each pack is a folder with a `pack.yaml` naming the built-in standard and `--files` files in
area folders, named like an office's evidence (dates, meeting minutes, rosters, photos). Sizes
follow a log-normal law around office documents (median about 60 KB, mean about 125 KB, a few
photos and scans of several MB, nothing above 20 MB), times `--scale`; the first pack holds
`--large` times as many files (0: none larger). Contents are random bytes (incompressible, like
photos and zipped Office files) from a fixed seed: the same arguments give the same city.
"""
import argparse
import math
import os
import random

KINDS = [
    ("会议纪要", ".docx"), ("签到表", ".pdf"), ("活动照片", ".jpg"), ("名册", ".xlsx"),
    ("通知", ".pdf"), ("台账", ".xlsx"), ("总结", ".docx"), ("扫描件", ".pdf"),
]
AREAS = ["A1", "A2", "B1", "B2", "C1", "C2", "D1", "E1", "E2", "F1"]


def size_of(rng, scale):
    # log-normal: median e^11 ≈ 60 KB, sigma 1.2 → mean ≈ 124 KB
    n = int(math.exp(rng.gauss(11.0, 1.2)) * scale)
    return max(64, min(n, int(20 * 1024 * 1024 * scale)))


def pack(root, index, files, rng, scale):
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "pack.yaml"), "w", encoding="utf-8") as f:
        f.write(f"community: 基准社区{index:04}\nperiod: 2025\n"
                'standard: {id: lingfeng-2021, version: "2021.1"}\n'
                f"preparer: 基准 {index}\n")
    total = 0
    for i in range(files):
        area = AREAS[i % len(AREAS)]
        kind, ext = KINDS[(i // len(AREAS)) % len(KINDS)]
        month = 1 + i % 12
        folder = os.path.join(root, area, f"{i // 100:03}")
        os.makedirs(folder, exist_ok=True)
        n = size_of(rng, scale)
        total += n
        with open(os.path.join(folder, f"2025-{month:02}-{1 + i % 28:02} {kind} {i:05}{ext}"), "wb") as f:
            f.write(rng.randbytes(n))
    return total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--packs", type=int, default=150)
    p.add_argument("--files", type=int, default=400)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--large", type=int, default=10)
    p.add_argument("--seed", type=int, default=12)
    a = p.parse_args()
    rng = random.Random(a.seed)
    total = 0
    for k in range(a.packs):
        files = a.files * a.large if (k == 0 and a.large > 0 and a.packs > 1) else a.files
        total += pack(os.path.join(a.out, f"社区{k:04}"), k, files, rng, a.scale)
    print(f"{a.packs} packs, {total / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
