#!/usr/bin/env python3
"""The Fashion-MNIST subset of bench/ensemble.sh, as IDX gzip files that `bin/augflow ingest --layout idx` reads.

Draws --train + --val distinct rows of the 60,000-image training set (numpy's PCG64 from --seed, without
replacement): the first --train become split train, the rest split val (the file prefix names the split). The
10,000-image test set is copied whole (prefix t10k -> split test). The output folder's name should contain
"fashion", so ingest names the classes (T-shirt/top ... Ankle boot).
Prints one line: RESULT <json> with the row counts and the class counts per split.
"""
import argparse
import gzip
import json
import os
import shutil

import numpy as np


def read_idx(path, magic, dims):
    with gzip.open(path, "rb") as f:
        header = np.frombuffer(f.read(4 * (1 + dims)), dtype=">i4")
        if header[0] != magic:
            raise ValueError(f"{path}: IDX magic must be {magic}, got {header[0]}")
        shape = tuple(int(v) for v in header[1:])
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)


def write_idx(path, magic, array):
    header = np.array([magic] + list(array.shape), dtype=">i4")
    with gzip.open(path, "wb") as f:
        f.write(header.tobytes())
        f.write(np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", required=True)
    p.add_argument("--train", type=int, default=12000)
    p.add_argument("--val", type=int, default=5000)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    images = read_idx(f"{a.data}/train-images-idx3-ubyte.gz", 2051, 3)
    labels = read_idx(f"{a.data}/train-labels-idx1-ubyte.gz", 2049, 1)
    if a.train + a.val > len(images):
        raise ValueError(f"--train + --val must be <= {len(images)}, got {a.train + a.val}")
    rows = np.random.default_rng(a.seed).permutation(len(images))[:a.train + a.val]
    # sorted within each split: the files keep the original order, so ids follow the source rows
    parts = {"train": np.sort(rows[:a.train]), "val": np.sort(rows[a.train:])}
    os.makedirs(a.out, exist_ok=True)
    counts = {}
    for split, idx in parts.items():
        write_idx(f"{a.out}/{split}-images-idx3-ubyte.gz", 2051, images[idx])
        write_idx(f"{a.out}/{split}-labels-idx1-ubyte.gz", 2049, labels[idx])
        counts[split] = np.bincount(labels[idx], minlength=10).tolist()
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
        shutil.copyfile(f"{a.data}/{name}", f"{a.out}/{name}")
    counts["test"] = np.bincount(read_idx(f"{a.data}/t10k-labels-idx1-ubyte.gz", 2049, 1), minlength=10).tolist()
    print("RESULT " + json.dumps({"seed": a.seed, "rows": {k: int(sum(v)) for k, v in counts.items()},
                                  "class_counts": counts}))


if __name__ == "__main__":
    main()
