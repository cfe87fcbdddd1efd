#!/usr/bin/env python3
"""LeNet-5 training throughput in PyTorch CPU: the reference for bench/train-speed.sh.

Same network as io.augflow.train.model.LeNet5 (conv 20@5x5 -> max-pool 2 -> conv 50@5x5 -> max-pool 2 ->
dense 500 ReLU -> 10, no activation after the convolutions), same data (the first --batches minibatches of the
Fashion-MNIST training set, in memory, NCHW float32 in [0, 1]), Adam 1e-3, cross-entropy, same timing scheme as
LeNetSpeedBench: --warmup untimed iterations, then --repeats runs of --seconds each; median samples/s.
Prints one line: RESULT <json>.
"""
import argparse
import gzip
import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def read_idx(images, labels, limit):
    with gzip.open(images, "rb") as f:
        magic, n, h, w = np.frombuffer(f.read(16), dtype=">i4")
        if magic != 2051:
            raise ValueError(f"{images}: IDX magic must be 2051, got {magic}")
        n = min(n, limit)
        x = np.frombuffer(f.read(n * h * w), dtype=np.uint8).reshape(n, 1, h, w)
    with gzip.open(labels, "rb") as f:
        magic, _ = np.frombuffer(f.read(8), dtype=">i4")
        if magic != 2049:
            raise ValueError(f"{labels}: IDX magic must be 2049, got {magic}")
        y = np.frombuffer(f.read(n), dtype=np.uint8)
    return torch.from_numpy(x.astype(np.float32) / 255.0), torch.from_numpy(y.astype(np.int64))


def lenet5(classes):
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(),
        nn.Linear(500, classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--batches", type=int, default=100)
    p.add_argument("--warmup", type=int, default=40)
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--label", default="pytorch")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    x, y = read_idx(f"{a.data}/train-images-idx3-ubyte.gz", f"{a.data}/train-labels-idx1-ubyte.gz",
                    a.batch * a.batches)
    batches = [(x[i:i + a.batch].contiguous(), y[i:i + a.batch].contiguous())
               for i in range(0, len(x) - a.batch + 1, a.batch)]
    model = lenet5(10)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step(i):
        xb, yb = batches[i % len(batches)]
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    it = 0
    for _ in range(a.warmup):
        step(it)
        it += 1
    rates = []
    loss = None
    for r in range(a.repeats):
        start = time.perf_counter()
        n = 0
        while True:
            loss = step(it)
            it += 1
            n += 1
            now = time.perf_counter()
            if now - start >= a.seconds:
                break
        rates.append(n * a.batch / (now - start))
        print(f"{a.label} repeat {r}: {rates[-1]:.1f} samples/s ({n} iterations)", file=sys.stderr)
    print("RESULT " + json.dumps({
        "label": a.label, "samples_per_s": round(statistics.median(rates), 1),
        "repeats": [round(v, 1) for v in rates], "batch": a.batch, "score": round(float(loss), 4),
        "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
