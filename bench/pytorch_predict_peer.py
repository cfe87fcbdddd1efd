#!/usr/bin/env python3
"""PyTorch CPU inference of LeNet-5 on the Fashion-MNIST test set: the peer of `bin/augflow predict` in
bench/predict-speed.sh.

Same network as augflow's lenet5 with batch-norm (conv 20@5x5 -> BN -> ReLU -> max-pool 2 -> conv 50@5x5 -> BN ->
ReLU -> max-pool 2 -> dense 500 ReLU -> dense 10 -> softmax), in eval mode, weights from --seed (speed does not
depend on their values). Same work per image as augflow's predict: the image is stored PNG-encoded (as in an
augflow dataset), so each one is decoded (cv2.imdecode), brought to 28x28 (a no-op here, checked), normalised with
Fashion-MNIST's mean/std, forwarded in batches of --batch, turned into softmax probabilities and the top --top-k
classes, and written out (CSV: id, predicted, score, top-k classes and probabilities).

  --prepare FILE   untimed: encode the test images as PNG into FILE (.npz: bytes, offsets, labels), once
  --input FILE     the timed run; --copies N predicts the set N times over (ids made distinct), to measure the
                   steady-state rate from the difference between two sizes

Prints one line: RESULT <json> with seconds for the run after imports ("job": read + decode + forward + write),
for the forward passes alone, and the import time, all measured inside the process.
"""
import argparse
import gzip
import json
import sys
import time

T0 = time.perf_counter()
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
IMPORT_SECONDS = time.perf_counter() - T0

MEAN, STD = 0.286, 0.353


def lenet5(classes):
    return nn.Sequential(
        nn.Conv2d(1, 20, 5, bias=False), nn.BatchNorm2d(20), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5, bias=False), nn.BatchNorm2d(50), nn.ReLU(), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(50 * 4 * 4, 500), nn.ReLU(),
        nn.Linear(500, classes))


def prepare(data, out):
    with gzip.open(f"{data}/t10k-images-idx3-ubyte.gz", "rb") as f:
        magic, n, h, w = np.frombuffer(f.read(16), dtype=">i4")
        if magic != 2051:
            raise ValueError(f"t10k images: IDX magic must be 2051, got {magic}")
        images = np.frombuffer(f.read(), dtype=np.uint8).reshape(n, h, w)
    with gzip.open(f"{data}/t10k-labels-idx1-ubyte.gz", "rb") as f:
        labels = np.frombuffer(f.read()[8:], dtype=np.uint8)
    pngs = [cv2.imencode(".png", im)[1].tobytes() for im in images]
    offsets = np.cumsum([0] + [len(p) for p in pngs]).astype(np.int64)
    np.savez(out, bytes=np.frombuffer(b"".join(pngs), dtype=np.uint8), offsets=offsets, labels=labels)
    print(f"prepared {len(pngs)} PNG images ({offsets[-1]} bytes) in {out}", file=sys.stderr)


def run(a):
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    model = lenet5(10).eval()
    start = time.perf_counter()
    stored = np.load(a.input)
    blob, offsets = stored["bytes"], stored["offsets"]
    n = len(offsets) - 1
    forward = 0.0
    written = 0
    with open(a.output, "w") as out, torch.inference_mode():
        out.write("id,predicted,score,top_k\n")
        for copy in range(a.copies):
            for first in range(0, n, a.batch):
                last = min(first + a.batch, n)
                batch = np.empty((last - first, 1, 28, 28), dtype=np.float32)
                for j, i in enumerate(range(first, last)):
                    im = cv2.imdecode(blob[offsets[i]:offsets[i + 1]], cv2.IMREAD_GRAYSCALE)
                    if im.shape != (28, 28):
                        im = cv2.resize(im, (28, 28), interpolation=cv2.INTER_AREA)
                    batch[j, 0] = im
                x = torch.from_numpy((batch / 255.0 - MEAN) / STD)
                f0 = time.perf_counter()
                probs = torch.softmax(model(x), dim=1)
                top = torch.topk(probs, a.top_k, dim=1)
                forward += time.perf_counter() - f0
                values, classes = top.values.numpy(), top.indices.numpy()
                for j in range(last - first):
                    pairs = ";".join(f"{c}:{v:.5f}" for c, v in zip(classes[j], values[j]))
                    out.write(f"c{copy}/{first + j:05d},{classes[j, 0]},{values[j, 0]:.5f},{pairs}\n")
                    written += 1
    job = time.perf_counter() - start
    print("RESULT " + json.dumps({
        "images": written, "batch": a.batch, "threads": torch.get_num_threads(), "torch": torch.__version__,
        "seconds_import": round(IMPORT_SECONDS, 3), "seconds_job": round(job, 3),
        "seconds_forward": round(forward, 3), "images_per_second_job": round(written / job, 1),
        "images_per_second_forward": round(written / forward, 1)}))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--prepare")
    p.add_argument("--input")
    p.add_argument("--output", default="/dev/null")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--top-k", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    a = p.parse_args()
    if a.prepare:
        prepare(a.data, a.prepare)
    elif a.input:
        run(a)
    else:
        p.error("give --prepare FILE or --input FILE")


if __name__ == "__main__":
    main()
