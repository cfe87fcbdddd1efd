#!/usr/bin/python3
"""The PyTorch peer of augflow's detector for training throughput (issue 15): bench/detection/train-speed.sh.

What it matches on the augflow side (train/.../detect/YoloSmall.java with bench/detection/conf/baseline.conf):
- the network: 3 stride stages of a 3x3 "same" convolution without bias (16, 32, 64 filters), batch norm, leaky ReLU
  0.1, 2x2 max pool; the neck (model.detect.neck-blocks = 3): 3x3 at 128, 1x1 at 64, 3x3 at 128, each with batch
  norm and leaky ReLU; the head: a 1x1 convolution with bias to B * (5 + C) channels (5 anchors, 10 classes: 75);
- the loss: YOLOv2's as DL4J's Yolo2OutputLayer computes it, roughly (a throughput peer, not a replica):
  sum-squared error on sigmoid(x, y) against the centre's offset in its cell and on sqrt(w, h) (exp(t) x prior) with
  lambda_coord 5, objectness sigmoid against the IoU of the responsible anchor's box (detached) and
  lambda_noobj 0.5 x sigmoid^2 elsewhere, mean-squared error of the class softmax against the one-hot class; the
  responsible anchor of a labelled cell is the one whose predicted box overlaps the label most; summed over the
  grid, divided by the minibatch size;
- per-layer L2 renormalisation of the gradients (DL4J's RenormalizeL2PerLayer, which YoloSmall sets);
- Adam (learning rate 0.006, the conf's peak; no schedule: its cost is nil), batch 32 (= 2 workers x 16),
  torch.set_num_threads(2);
- the data: the train split of the YOLO folder augflow ingested, every image read and decoded with cv2 on every
  epoch in a shuffled order, augmented per sample in a DataLoader with 1 worker process, letterboxed to 96 x 96,
  normalised by augflow's defaults (mean 0.5, std 0.25), and its boxes encoded as YoloTargets does (one object a
  cell, the smaller box keeps it).
  --augment baseline (default): the baseline conf's pipeline: horizontal flip p 0.5; affine p 0.5 (scale 0.9-1.1,
  shift up to 5%); brightness-contrast p 0.5 (+-0.2); hsv p 0.3 (hue 10, saturation 25, value 20).
  --augment flip: horizontal flip only.
Anchors: 5, fitted by k-means (1 - IoU) on the train boxes before the timing starts, as augflow fits its own.

Prints one line: RESULT <json> with samples/s of every epoch (the whole epoch, DataLoader start-up included).
"""
import argparse
import json
import os
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset

LEAKY = 0.1
LAMBDA_COORD = 5.0   # DL4J Yolo2OutputLayer's defaults
LAMBDA_NOOBJ = 0.5


def read_split(folder, split):
    """(image paths, [array n x 5 of class cx cy w h normalised]) of one split of a YOLO folder, sorted by name."""
    img_dir = os.path.join(folder, "images", split)
    names = sorted(n for n in os.listdir(img_dir) if n.lower().endswith((".png", ".jpg", ".jpeg")))
    paths, labels = [], []
    for n in names:
        paths.append(os.path.join(img_dir, n))
        txt = os.path.join(folder, "labels", split, os.path.splitext(n)[0] + ".txt")
        rows = np.loadtxt(txt, ndmin=2, dtype=np.float32) if os.path.getsize(txt) > 0 else np.zeros((0, 5),
                                                                                                   np.float32)
        labels.append(rows.reshape(-1, 5))
    return paths, labels


def kmeans_anchors(wh, k, seed, iterations=30):
    """k anchors (w, h) by k-means with 1 - IoU as the distance (boxes and anchors sharing a corner)."""
    rng = np.random.default_rng(seed)
    centres = wh[rng.choice(len(wh), k, replace=False)]
    for _ in range(iterations):
        inter = np.minimum(wh[:, None, 0], centres[None, :, 0]) * np.minimum(wh[:, None, 1], centres[None, :, 1])
        iou = inter / (wh[:, None, 0] * wh[:, None, 1] + centres[None, :, 0] * centres[None, :, 1] - inter)
        nearest = iou.argmax(1)
        centres = np.array([wh[nearest == j].mean(0) if (nearest == j).any() else centres[j] for j in range(k)])
    return centres.astype(np.float32)


class YoloFolder(Dataset):
    """Reads, augments, letterboxes and encodes one image per item, in the DataLoader's worker process."""

    def __init__(self, paths, labels, size, stride, classes, augment, seed):
        self.paths, self.labels = paths, labels
        self.size, self.stride, self.classes, self.augment, self.seed = size, stride, classes, augment, seed
        self.epoch = 0

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        rng = np.random.default_rng([self.seed, self.epoch, i])
        img = cv2.cvtColor(cv2.imread(self.paths[i], cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
        h, w = img.shape[:2]
        lab = self.labels[i]
        # boxes in pixels, corners
        boxes = np.stack([(lab[:, 1] - lab[:, 3] / 2) * w, (lab[:, 2] - lab[:, 4] / 2) * h,
                          (lab[:, 1] + lab[:, 3] / 2) * w, (lab[:, 2] + lab[:, 4] / 2) * h], 1)
        cls = lab[:, 0].astype(np.int64)
        if rng.random() < 0.5:
            img = img[:, ::-1]
            boxes = np.stack([w - boxes[:, 2], boxes[:, 1], w - boxes[:, 0], boxes[:, 3]], 1)
        if self.augment == "baseline":
            img, boxes = self.colour_and_affine(img, boxes, rng)
        img, boxes = letterbox(np.ascontiguousarray(img), boxes, self.size)
        x = (torch.from_numpy(img).permute(2, 0, 1).float().div_(255.0) - 0.5) / 0.25
        return x, torch.from_numpy(encode(boxes, cls, self.size, self.stride, self.classes))

    @staticmethod
    def colour_and_affine(img, boxes, rng):
        h, w = img.shape[:2]
        if rng.random() < 0.5:   # affine: scale 0.9-1.1 about the centre, shift up to 5%
            s = rng.uniform(0.9, 1.1)
            tx, ty = rng.uniform(-0.05, 0.05) * w, rng.uniform(-0.05, 0.05) * h
            m = np.array([[s, 0, (1 - s) * w / 2 + tx], [0, s, (1 - s) * h / 2 + ty]], np.float32)
            img = cv2.warpAffine(np.ascontiguousarray(img), m, (w, h), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_CONSTANT)
            boxes = boxes * s + np.array([m[0, 2], m[1, 2], m[0, 2], m[1, 2]], np.float32)
            boxes = np.clip(boxes, 0, [w, h, w, h])
        if rng.random() < 0.5:   # brightness and contrast +-0.2
            alpha = 1 + rng.uniform(-0.2, 0.2)
            beta = rng.uniform(-0.2, 0.2) * 255
            img = cv2.convertScaleAbs(np.ascontiguousarray(img), alpha=alpha, beta=beta)
        if rng.random() < 0.3:   # hsv shifts: hue 10 degrees, saturation 25, value 20 (of 255)
            hsv = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_RGB2HSV).astype(np.int16)
            hsv[..., 0] = (hsv[..., 0] + int(rng.uniform(-10, 10) / 2)) % 180
            hsv[..., 1] = np.clip(hsv[..., 1] + int(rng.uniform(-25, 25)), 0, 255)
            hsv[..., 2] = np.clip(hsv[..., 2] + int(rng.uniform(-20, 20)), 0, 255)
            img = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB)
        return img, boxes


def letterbox(img, boxes, size):
    """Scales by the smaller ratio and pads to size x size (a no-op on the 96 x 96 canvases, as in augflow)."""
    h, w = img.shape[:2]
    r = min(size / w, size / h)
    nw, nh = round(w * r), round(h * r)
    if (nw, nh) != (w, h):
        img = cv2.resize(img, (nw, nh), interpolation=cv2.INTER_LINEAR)
    left, top = (size - nw) // 2, (size - nh) // 2
    if (nw, nh) != (size, size):
        img = cv2.copyMakeBorder(img, top, size - nh - top, left, size - nw - left, cv2.BORDER_CONSTANT)
    return img, boxes * r + np.array([left, top, left, top], np.float32)


def encode(boxes, cls, size, stride, classes):
    """YoloTargets' layout: [4 + C, G, G], corners in grid units and the one-hot class at the centre's cell."""
    g = size // stride
    out = np.zeros((4 + classes, g, g), np.float32)
    areas = np.full((g, g), np.inf, np.float32)
    for (x1, y1, x2, y2), c in zip(np.clip(boxes, 0, size), cls):
        area = (x2 - x1) * (y2 - y1)
        if area <= 0:
            continue
        col, row = min(g - 1, int((x1 + x2) / 2 / stride)), min(g - 1, int((y1 + y2) / 2 / stride))
        if area < areas[row, col]:   # one object a cell: the smaller box keeps it
            areas[row, col] = area
            out[:, row, col] = 0
            out[0:4, row, col] = np.array([x1, y1, x2, y2]) / stride
            out[4 + c, row, col] = 1
    return out


def block(cin, cout, k):
    return [nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(LEAKY)]


def yolo_small(classes, anchors, base=16, neck_blocks=3):
    layers, cin = [], 3
    for s in range(3):
        layers += block(cin, base << s, 3) + [nn.MaxPool2d(2, 2)]
        cin = base << s
    for i in range(neck_blocks):
        wide = i % 2 == 0
        cout = (base << 3) if wide else (base << 2)
        layers += block(cin, cout, 3 if wide else 1)
        cin = cout
    layers.append(nn.Conv2d(cin, anchors * (5 + classes), 1, bias=True))
    return nn.Sequential(*layers)


def yolo_loss(out, target, priors, classes):
    """YOLOv2's loss in DL4J Yolo2OutputLayer's form (see the module doc); out [mb, B(5+C), G, G]."""
    mb, _, g, _ = out.shape
    b = priors.shape[0]
    out = out.view(mb, b, 5 + classes, g, g)
    xy = torch.sigmoid(out[:, :, 0:2])                                   # in-cell offset
    wh = torch.exp(out[:, :, 2:4]) * priors.view(1, b, 2, 1, 1)          # grid units
    conf = torch.sigmoid(out[:, :, 4])
    probs = torch.softmax(out[:, :, 5:], dim=2)
    has = target[:, 4:].sum(1) > 0                                      # [mb, G, G]
    lab_c = (target[:, 0:2] + target[:, 2:4]) / 2                        # centres, grid units
    lab_wh = target[:, 2:4] - target[:, 0:2]
    cells = torch.stack(torch.meshgrid(torch.arange(g), torch.arange(g), indexing="xy")).float()  # x (col), y (row)
    lab_xy = lab_c - torch.floor(lab_c)
    # IoU of every anchor's predicted box with the cell's label, to pick the responsible anchor (no gradient)
    with torch.no_grad():
        pc = xy + cells.view(1, 1, 2, g, g)
        p1, p2 = pc - wh / 2, pc + wh / 2
        l1, l2 = (lab_c - lab_wh / 2).unsqueeze(1), (lab_c + lab_wh / 2).unsqueeze(1)
        inter = (torch.minimum(p2, l2) - torch.maximum(p1, l1)).clamp(min=0).prod(2)
        union = wh.prod(2) + lab_wh.prod(1).unsqueeze(1) - inter
        iou = inter / union.clamp(min=1e-9)
        best = iou.argmax(1, keepdim=True)
        resp = torch.zeros_like(iou).scatter_(1, best, 1.0) * has.unsqueeze(1).float()   # [mb, B, G, G]
    noobj = 1 - resp
    pos = ((xy - lab_xy.unsqueeze(1)) ** 2).sum(2) + ((torch.sqrt(wh) - torch.sqrt(lab_wh).unsqueeze(1)) ** 2).sum(2)
    obj = (conf - iou) ** 2
    cls = ((probs - target[:, 4:].unsqueeze(1)) ** 2).sum(2)
    total = (LAMBDA_COORD * resp * pos).sum() + (resp * obj).sum() + LAMBDA_NOOBJ * (noobj * conf ** 2).sum() \
        + (resp * cls).sum()
    return total / mb


def renormalize_per_layer(model):
    """DL4J's RenormalizeL2PerLayer: each layer's gradient (all its parameters) divided by its L2 norm."""
    for m in model:
        grads = [p.grad for p in m.parameters(recurse=False) if p.grad is not None]
        if grads:
            norm = torch.sqrt(sum((gr * gr).sum() for gr in grads))
            if norm > 0:
                for gr in grads:
                    gr.div_(norm)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True, help="a YOLO folder (images/train, labels/train)")
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--workers", type=int, default=1, help="DataLoader worker processes")
    p.add_argument("--size", type=int, default=96)
    p.add_argument("--stride", type=int, default=8)
    p.add_argument("--anchors", type=int, default=5)
    p.add_argument("--augment", choices=("baseline", "flip"), default="baseline")
    p.add_argument("--rows", type=int, default=0, help="train on the first N images only (0: all)")
    p.add_argument("--lr", type=float, default=0.006)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    cv2.setNumThreads(1)
    paths, labels = read_split(a.data, "train")
    if a.rows:
        paths, labels = paths[:a.rows], labels[:a.rows]
    classes = len([l for l in open(os.path.join(a.data, "classes.txt")) if l.strip()])
    wh = np.concatenate([l[:, 3:5] for l in labels]) * a.size / a.stride   # 96 x 96 canvases: pixels = size
    priors = torch.from_numpy(kmeans_anchors(wh, a.anchors, a.seed))
    data = YoloFolder(paths, labels, a.size, a.stride, classes, a.augment, a.seed)
    model = yolo_small(classes, a.anchors)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    rates, losses = [], []
    for epoch in range(a.epochs):
        data.epoch = epoch   # a fresh loader per epoch carries the epoch into the worker's copy
        loader = DataLoader(data, batch_size=a.batch, shuffle=True, num_workers=a.workers,
                            generator=torch.Generator().manual_seed(a.seed * 1000 + epoch))
        model.train()
        start = time.perf_counter()
        n, total = 0, 0.0
        for xb, yb in loader:
            opt.zero_grad(set_to_none=True)
            loss = yolo_loss(model(xb), yb, priors, classes)
            loss.backward()
            renormalize_per_layer(model)
            opt.step()
            n += len(xb)
            total += float(loss) * len(xb)
        seconds = time.perf_counter() - start
        rates.append(n / seconds)
        losses.append(total / n)
        print(f"pytorch yolo epoch {epoch}: {rates[-1]:.1f} samples/s ({n} samples in {seconds:.1f} s), "
              f"loss {losses[-1]:.3f}", file=sys.stderr)
    print("RESULT " + json.dumps({
        "samples_per_s": [round(v, 1) for v in rates], "samples_per_epoch": len(data), "loss": [round(v, 3) for v in losses],
        "batch": a.batch, "workers": a.workers, "threads": torch.get_num_threads(), "augment": a.augment,
        "anchors_grid_units": [[round(float(v), 3) for v in r] for r in priors],
        "parameters": sum(q.numel() for q in model.parameters()), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
