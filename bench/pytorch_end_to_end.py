#!/usr/bin/env python3
"""One epoch of LeNet-5 on Fashion-MNIST in PyTorch CPU with on-the-fly augmentation: the peer of
bench/train-end-to-end.sh.

What it matches on the augflow side (bench/conf/end-to-end.conf): the whole training split (60,000 images) once per
epoch in a shuffled order, augmented per sample as it is loaded: horizontal flip with p = 0.5, then a 28 x 28 crop
at a uniformly drawn position of the image zero-padded by 2 pixels on every side (torchvision's
RandomCrop(28, padding=2)); normalised by Fashion-MNIST's mean and std; batch 64; LeNet-5 with ReLU after the two
convolutions and no batch norm (augflow's lenet5 with batch-norm = false); Adam 1e-3; cross-entropy; 2 threads.
The DataLoader uses --workers processes (1 by default: the data stall the issue names).

Prints one line: RESULT <json> with samples/s of every epoch (the whole epoch, loader start-up included).
"""
import argparse
import gzip
import json
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset


def read_idx(images, labels):
    with gzip.open(images, "rb") as f:
        magic, n, h, w = np.frombuffer(f.read(16), dtype=">i4")
        if magic != 2051:
            raise ValueError(f"{images}: IDX magic must be 2051, got {magic}")
        x = np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, 1, h, w)
    with gzip.open(labels, "rb") as f:
        magic, _ = np.frombuffer(f.read(8), dtype=">i4")
        if magic != 2049:
            raise ValueError(f"{labels}: IDX magic must be 2049, got {magic}")
        y = np.frombuffer(f.read(n), dtype=np.uint8)
    return x, y


class FlipPadCrop(Dataset):
    """Per-sample horizontal flip (p 0.5) and a random 28x28 crop of the image padded by 2, then normalised."""

    def __init__(self, x, y, mean, std):
        self.x = torch.from_numpy(x.copy())
        self.y = torch.from_numpy(y.astype(np.int64))
        self.mean = mean
        self.std = std

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        img = self.x[i].float().div_(255.0)
        if torch.rand(1).item() < 0.5:
            img = torch.flip(img, dims=[2])
        padded = torch.nn.functional.pad(img, (2, 2, 2, 2))
        top, left = torch.randint(0, 5, (2,)).tolist()
        img = padded[:, top:top + 28, left:left + 28]
        return (img - self.mean) / self.std, self.y[i]


def lenet5(classes):
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(),
        nn.Linear(500, classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--workers", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    x, y = read_idx(f"{a.data}/train-images-idx3-ubyte.gz", f"{a.data}/train-labels-idx1-ubyte.gz")
    data = FlipPadCrop(x, y, 0.286, 0.353)
    loader = DataLoader(data, batch_size=a.batch, shuffle=True, num_workers=a.workers,
                        persistent_workers=a.workers > 0)
    model = lenet5(10)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    rates = []
    loss = None
    for epoch in range(a.epochs):
        start = time.perf_counter()
        n = 0
        for xb, yb in loader:
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            n += len(yb)
        seconds = time.perf_counter() - start
        rates.append(n / seconds)
        print(f"pytorch epoch {epoch}: {rates[-1]:.1f} samples/s ({n} samples in {seconds:.1f} s), loss {float(loss):.4f}",
              file=sys.stderr)
    print("RESULT " + json.dumps({
        "samples_per_s": [round(v, 1) for v in rates], "batch": a.batch, "workers": a.workers,
        "threads": torch.get_num_threads(), "loss": round(float(loss), 4), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
