#!/usr/bin/python3
"""Detection benchmark data: real Fashion-MNIST items, mostly small, pasted on textured canvases, as a YOLO folder.

The detector's ablation (small-object copy-paste, oversampling) needs data augflow did not draw from its own
shapes. This script pastes Fashion-MNIST items (each with its own soft mask, a random colour and brightness) on
textured 3-channel canvases and writes the YOLO layout `bin/augflow ingest` reads (YoloImporter):

    <out>/images/{train,val,test}/NNNNNN.png
    <out>/labels/{train,val,test}/NNNNNN.txt   one "class cx cy w h" line per box, normalised; empty = background
    <out>/classes.txt                          the ten Fashion-MNIST names, class id = line number
    <out>/data.yaml                            the same names, for YOLO tools
    <out>/stats.json                           counts per split (classes, COCO size buckets, backgrounds), provenance
    <out>/preview.png                          with --preview N: a contact sheet of N train images with their boxes

Splits: items of the 60k train file feed train and val (each class's items split into two disjoint pools by the
seed), items of the 10k t10k file feed test; no item appears in two splits. Class frequencies follow a geometric
long tail (class of rank k gets r^k of the weight; the ranks are a seeded permutation, printed). Object size
(the box's area-equivalent side sqrt(w*h), 5 to 44 px; the longest side 5 to 60 px) is drawn from three bands so
that about 60% of objects are COCO-small (box area w*h < 32^2) and about 28% under 16x16, whatever the class's
shape. Every box is the tight bounding box of the pasted item's mask. The output is a pure function of the arguments: the same seed gives identical bytes.

Run with Debian's interpreter (numpy and cv2, nothing else):
    /usr/bin/python3 bench/detection/make_fmnist_detection.py -o bench/tmp/fmnist-det --preview 24
"""
import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys
import time

import cv2
import numpy as np

FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
SPLITS = ("train", "val", "test")
# Stream tags: every random draw comes from a stream keyed by (seed, tag, ...), never from global state.
_POOLS, _TAIL, _PLAN, _IMAGE = 1, 2, 3, 4
_SPLIT_CODE = {"train": 0, "val": 1, "test": 2}

ITEM_THRESHOLD = 24          # an FMNIST pixel above this (of 255) belongs to the item; below is the black backdrop
MIN_COMPONENT_PIXELS = 3     # smaller specks of the 28x28 scan are noise and would stretch an upscaled box
OVERLAP_IOU_LIMIT = 0.3      # a placement overlapping an earlier box by more is rejected
PLACEMENT_TRIES = 30         # then the object is dropped (counted in stats.json)
MIN_CONTRAST = 70            # luminance gap between an item and the mean of the canvas under its box
# An object's size is its box's area-equivalent side sqrt(w*h) in px, so its COCO bucket does not depend on its
# class's shape (a trouser is tall and thin, a bag square): (weight, lowest, highest), log-uniform inside a band.
SIZE_BANDS = ((0.28, 5.0, 16.0), (0.32, 16.0, 32.0), (0.40, 32.0, 44.0))
MAX_SIDE = 60                # the longest side is capped (a trouser of size 44 would be 68 px tall)
SMALL_AREA, TINY_AREA, LARGE_AREA = 32 * 32, 16 * 16, 96 * 96   # COCO's small/large limits; tiny = under 16^2
_BGR_LUMA = np.array([0.114, 0.587, 0.299])


def stream(seed, *key):
    """A numpy generator for one unit of work, keyed by (seed, *key): independent of call order."""
    return np.random.default_rng(np.random.SeedSequence([seed, *key]))


# ---------------------------------------------------------------------------------------------------- source items

def read_idx(images_gz, labels_gz):
    """(N, 28, 28) uint8 images and (N,) labels of an IDX pair, checking the magic numbers and counts."""
    with gzip.open(images_gz, "rb") as f:
        raw = f.read()
    magic, count, rows, cols = np.frombuffer(raw[:16], dtype=">u4")
    if magic != 2051 or rows != 28 or cols != 28:
        raise ValueError(f"{images_gz}: expected IDX images 28x28 (magic 2051), got magic {magic}, {rows}x{cols}")
    images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(count, rows, cols)
    with gzip.open(labels_gz, "rb") as f:
        raw = f.read()
    magic, n = np.frombuffer(raw[:8], dtype=">u4")
    if magic != 2049 or n != count:
        raise ValueError(f"{labels_gz}: expected {count} IDX labels (magic 2049), got magic {magic}, {n} labels")
    return images, np.frombuffer(raw, dtype=np.uint8, offset=8)


def item_mask(item):
    """Binary mask of an FMNIST item: pixels above the threshold, minus specks of fewer than 3 pixels."""
    mask = (item > ITEM_THRESHOLD).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= MIN_COMPONENT_PIXELS
    if not keep.any():          # a faint item: keep whatever there is rather than lose it
        keep[1:] = True
    return keep[labels]


def item_patch(item, size):
    """The item scaled so its tight box's area is about size^2 px (its longest side at most MAX_SIDE).

    Returns (alpha, shade): float32 arrays of the patch size (box + a 1 px margin each side). alpha is 1 on the
    scaled mask (the scaled mask fraction >= 0.5) and at most 0.25 in the margin (a 3x3 Gaussian of the mask,
    outward only), so the tight box of alpha >= 0.5 is exactly the patch minus its margin. shade in [0, 1] is the
    item's own grey texture, so a pasted coat still shows its seams.
    """
    mask = item_mask(item)
    ys, xs = np.nonzero(mask)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    crop_mask = mask[y0:y1, x0:x1].astype(np.float32)
    crop_grey = item[y0:y1, x0:x1].astype(np.float32) / 255.0
    h, w = crop_mask.shape
    factor = min(size / np.sqrt(h * w), MAX_SIDE / max(h, w))
    dims = (max(1, round(w * factor)), max(1, round(h * factor)))
    interpolation = cv2.INTER_AREA if factor < 1 else cv2.INTER_LINEAR
    scaled = cv2.resize(crop_mask, dims, interpolation=interpolation)
    grey = cv2.resize(crop_grey, dims, interpolation=interpolation)
    binary = scaled >= 0.5
    if not binary.any():        # a thin item scaled to a few px: keep its strongest pixels
        binary = scaled >= 0.5 * scaled.max()
    ys, xs = np.nonzero(binary)
    by0, by1, bx0, bx1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    binary = np.pad(binary[by0:by1, bx0:bx1], 1).astype(np.float32)
    grey = np.pad(grey[by0:by1, bx0:bx1], 1)
    alpha = np.maximum(binary, cv2.GaussianBlur(binary, (3, 3), 0, borderType=cv2.BORDER_CONSTANT))
    peak = float(grey[binary > 0].max()) or 1.0
    return alpha, np.clip(grey / peak, 0.0, 1.0)


# ------------------------------------------------------------------------------------------------------- the plan

def split_pools(train_labels, test_labels, val_share, seed):
    """Item indices per split and class: train-file items cut into disjoint train/val pools, t10k for test."""
    rng = stream(seed, _POOLS)
    pools = {"train": {}, "val": {}, "test": {}}
    for c in range(len(CLASS_NAMES)):
        items = rng.permutation(np.flatnonzero(train_labels == c))
        n_val = max(1, round(len(items) * val_share))
        pools["val"][c], pools["train"][c] = items[:n_val], items[n_val:]
        pools["test"][c] = rng.permutation(np.flatnonzero(test_labels == c))
    return pools


def tail_weights(ratio, seed):
    """(class rank order, weight per class id): the class of rank k (0 = most common) has weight ratio^k."""
    order = stream(seed, _TAIL).permutation(len(CLASS_NAMES))
    weights = np.empty(len(CLASS_NAMES))
    weights[order] = ratio ** np.arange(len(CLASS_NAMES))
    return order, weights / weights.sum()


def exact_counts(total, shares):
    """`total` split by `shares` into integers summing to it (largest remainder)."""
    raw = np.asarray(shares) * total
    counts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - counts), kind="stable")[: total - counts.sum()]:
        counts[i] += 1
    return counts


def draw_size(rng):
    """An area-equivalent side in px: a band by its weight, then log-uniform inside it."""
    weights = np.array([b[0] for b in SIZE_BANDS])
    low, high = SIZE_BANDS[rng.choice(len(SIZE_BANDS), p=weights / weights.sum())][1:]
    return float(np.exp(rng.uniform(np.log(low), np.log(high))))


def plan_split(split, n_images, pools, weights, background_share, max_objects, seed):
    """Per image, its objects as (class, item index, size): exact class counts, items cycled per class.

    A share of images (exactly round(n * background_share)) has no object; the others 1..max_objects, uniform.
    The classes of all objects of the split are counted out exactly by the long-tail weights, then shuffled and
    dealt. Each class's pool is walked in a shuffled order and reshuffled when used up, so an item is reused only
    once every item of its class in the split has been used.
    """
    rng = stream(seed, _PLAN, _SPLIT_CODE[split])
    counts = rng.integers(1, max_objects + 1, size=n_images)
    counts[rng.permutation(n_images)[: round(n_images * background_share)]] = 0
    classes = np.repeat(np.arange(len(CLASS_NAMES)), exact_counts(int(counts.sum()), weights))
    classes = rng.permutation(classes)
    cursors = {c: [rng.permutation(pools[c]), 0] for c in range(len(CLASS_NAMES))}

    def next_item(c):
        order, at = cursors[c]
        if at == len(order):
            order, at = rng.permutation(pools[c]), 0
        cursors[c] = [order, at + 1]
        return int(order[at])

    plans, at = [], 0
    for n in counts:
        plans.append([(int(c), next_item(int(c)), draw_size(rng)) for c in classes[at:at + n]])
        at += n
    return plans


# ------------------------------------------------------------------------------------------------------ rendering

def texture(rng, size):
    """A 3-channel uint8 canvas: smoothed noise, a gradient or stripes between two close colours, tinted, grainy."""
    base = rng.uniform(30, 225, size=3)
    other = np.clip(base + rng.uniform(-70, 70, size=3), 0, 255)
    kind = rng.integers(4)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    if kind == 0:           # smoothed noise: a coarse random grid, upsampled smoothly
        cells = int(rng.integers(3, 17))
        t = cv2.resize(rng.random((cells, cells), dtype=np.float32), (size, size), interpolation=cv2.INTER_CUBIC)
    elif kind == 1:         # a linear gradient in a random direction
        angle = rng.uniform(0, 2 * np.pi)
        t = xx * np.cos(angle) + yy * np.sin(angle)
    elif kind == 2:         # stripes of random period and angle
        angle, period = rng.uniform(0, np.pi), rng.uniform(4, 24)
        t = np.sin(2 * np.pi * (xx * np.cos(angle) + yy * np.sin(angle)) / period + rng.uniform(0, 2 * np.pi))
    else:                   # a gradient with faint stripes on it
        angle, period = rng.uniform(0, np.pi), rng.uniform(6, 30)
        t = xx * np.cos(angle) + yy * np.sin(angle) + 0.15 * size * np.sin(2 * np.pi * yy / period)
    t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
    canvas = base[None, None, :] * (1 - t[..., None]) + other[None, None, :] * t[..., None]
    canvas = canvas * rng.uniform(0.85, 1.15, size=3) + rng.normal(0, rng.uniform(2, 10), size=canvas.shape)
    return np.clip(canvas, 0, 255).astype(np.float32)


def iou(a, b):
    """Intersection over union of two (x0, y0, x1, y1) boxes."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


def on_canvas(patch, x, y, height, width):
    """A height x width float32 array, zero but for `patch` with its top-left at (x, y), cut at the edges."""
    padded = np.zeros((height + 2, width + 2), dtype=np.float32)   # takes a 1 px margin past the edges
    padded[y + 1:y + 1 + patch.shape[0], x + 1:x + 1 + patch.shape[1]] = patch
    return padded[1:-1, 1:-1]


def item_paint(rng, background_luma, shade):
    """BGR paint for an item: luminance at least MIN_CONTRAST from the background's mean, on every pixel.

    The luminance runs between two levels drawn on the far side of the background (brighter on a dark canvas,
    darker on a light one), following the item's own grey `shade`. The colour is a hue direction with zero
    luminance (so it never changes the luminance) at a random saturation, limited so no channel leaves [0, 255]:
    nothing is clipped, so the contrast holds exactly.
    """
    if background_luma < 128:
        low, high = min(background_luma + MIN_CONTRAST, 235.0), 250.0
    else:
        low, high = 5.0, max(background_luma - MIN_CONTRAST, 20.0)
    levels = np.sort(rng.uniform(low, high, size=2))
    hue = cv2.cvtColor(np.uint8([[[rng.integers(0, 180), 255, 255]]]), cv2.COLOR_HSV2BGR)[0, 0].astype(np.float64)
    direction = hue - hue @ _BGR_LUMA                          # zero luminance: the weights sum to 1
    room = min(min((255 - level) / d if d > 0 else level / -d for d in direction if d != 0) for level in levels)
    chroma = rng.uniform(0, 1) * room * direction
    luminance = levels[0] + (levels[1] - levels[0]) * shade
    return luminance[..., None] + chroma[None, None, :]


def compose(canvas, objects, items, rng):
    """Paste `objects` ((class, item index, size)) on `canvas` (float32 HxWx3, changed in place).

    Largest first, so a small item is never hidden under a later large one. A placement whose box has IoU > 0.3
    with a box already placed is redrawn, up to 30 times; then the object is dropped. Returns the placed objects
    as (class, x0, y0, x1, y1, alpha) with alpha the full-canvas mask (float32) and the drop count.
    """
    height, width = canvas.shape[:2]
    placed, dropped = [], 0
    for c, index, size in sorted(objects, key=lambda o: -o[2]):
        alpha, shade = item_patch(items[index], size)
        ph, pw = alpha.shape
        bh, bw = ph - 2, pw - 2
        for _ in range(PLACEMENT_TRIES):
            x0, y0 = int(rng.integers(0, width - bw + 1)), int(rng.integers(0, height - bh + 1))
            box = (x0, y0, x0 + bw, y0 + bh)
            if all(iou(box, p[1:5]) <= OVERLAP_IOU_LIMIT for p in placed):
                break
        else:
            dropped += 1
            continue
        full, shade_full = (on_canvas(patch, x0 - 1, y0 - 1, height, width) for patch in (alpha, shade))
        paint = item_paint(rng, float(canvas[y0:y0 + bh, x0:x0 + bw].mean(axis=(0, 1)) @ _BGR_LUMA), shade_full)
        canvas[:] = canvas * (1 - full[..., None]) + paint * full[..., None]
        placed.append((c, *box, full))
    return placed, dropped


def render(split, index, plan, items, canvas_size, seed):
    """One image (uint8 BGR) and its placed objects, a pure function of (seed, split, index, plan)."""
    rng = stream(seed, _IMAGE, _SPLIT_CODE[split], index)
    canvas = texture(rng, canvas_size)
    placed, dropped = compose(canvas, plan, items, rng)
    return np.clip(np.rint(canvas), 0, 255).astype(np.uint8), placed, dropped


def yolo_lines(placed, size):
    """`class cx cy w h` lines, normalised to the canvas size."""
    return "".join(f"{c} {(x0 + x1) / 2 / size:.6f} {(y0 + y1) / 2 / size:.6f} {(x1 - x0) / size:.6f} "
                   f"{(y1 - y0) / size:.6f}\n" for c, x0, y0, x1, y1, _ in placed)


# ---------------------------------------------------------------------------------------------- stats and preview

def size_bucket(area):
    return "small" if area < SMALL_AREA else ("medium" if area < LARGE_AREA else "large")


def new_split_stats():
    return {"images": 0, "background_images": 0, "objects": 0, "dropped_placements": 0,
            "objects_per_class": {n: 0 for n in CLASS_NAMES},
            "sizes": {"small": 0, "medium": 0, "large": 0, "tiny_under_16x16": 0}}


def count(stats, placed, dropped):
    stats["images"] += 1
    stats["background_images"] += not placed
    stats["objects"] += len(placed)
    stats["dropped_placements"] += dropped
    for c, x0, y0, x1, y1, _ in placed:
        stats["objects_per_class"][CLASS_NAMES[c]] += 1
        area = (x1 - x0) * (y1 - y0)
        stats["sizes"][size_bucket(area)] += 1
        stats["sizes"]["tiny_under_16x16"] += area < TINY_AREA


def contact_sheet(samples, columns=6, zoom=2):
    """Images with their boxes (one colour per class, id above the box), zoomed, in a grid."""
    palette = [tuple(int(v) for v in cv2.cvtColor(np.uint8([[[h * 18, 255, 255]]]), cv2.COLOR_HSV2BGR)[0, 0])
               for h in range(len(CLASS_NAMES))]
    tiles = []
    for image, placed in samples:
        tile = cv2.resize(image, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_NEAREST)
        for c, x0, y0, x1, y1, _ in placed:
            cv2.rectangle(tile, (x0 * zoom, y0 * zoom), (x1 * zoom - 1, y1 * zoom - 1), palette[c], 1)
            cv2.putText(tile, str(c), (x0 * zoom, max(y0 * zoom - 2, 8)), cv2.FONT_HERSHEY_PLAIN, 0.7, palette[c], 1)
        tiles.append(cv2.copyMakeBorder(tile, 2, 2, 2, 2, cv2.BORDER_CONSTANT, value=(255, 255, 255)))
    while len(tiles) % columns:
        tiles.append(np.full_like(tiles[0], 255))
    rows = [np.hstack(tiles[i:i + columns]) for i in range(0, len(tiles), columns)]
    return np.vstack(rows)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ------------------------------------------------------------------------------------------------------------ main

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", "--out", default="bench/tmp/fmnist-det", help="output folder (default %(default)s)")
    p.add_argument("--source", default=FASHION_MNIST_DIR, help="folder of the IDX .gz files (default %(default)s)")
    p.add_argument("--train", type=int, default=6000, help="train images (default %(default)s)")
    p.add_argument("--val", type=int, default=1000, help="val images (default %(default)s)")
    p.add_argument("--test", type=int, default=1000, help="test images (default %(default)s)")
    p.add_argument("--canvas", type=int, default=96, choices=(96, 128), help="canvas side in px (default 96)")
    p.add_argument("--seed", type=int, default=42, help="the one seed (default %(default)s)")
    p.add_argument("--tail-ratio", type=float, default=0.7,
                   help="class of rank k gets ratio^k of the objects (default 0.7: rarest ~1.2%%)")
    p.add_argument("--max-objects", type=int, default=8, help="objects per image 1..N (default %(default)s)")
    p.add_argument("--background-share", type=float, default=0.05, help="images with no object (default 0.05)")
    p.add_argument("--preview", type=int, default=0, metavar="N", help="write preview.png of N train images")
    p.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    args = p.parse_args(argv)
    for name in ("train", "val", "test"):
        if getattr(args, name) < 0:
            p.error(f"--{name} must be >= 0, got {getattr(args, name)}")
    if not 0 < args.tail_ratio <= 1:
        p.error(f"--tail-ratio must be in (0, 1], got {args.tail_ratio}")
    if not 1 <= args.max_objects <= 20:
        p.error(f"--max-objects must be in [1, 20], got {args.max_objects}")
    if not 0 <= args.background_share < 1:
        p.error(f"--background-share must be in [0, 1), got {args.background_share}")
    if args.train + args.val == 0 and args.test == 0:
        p.error("at least one of --train, --val, --test must be > 0")
    return args


def generate(args, log=print):
    """Write the YOLO folder described by `args` into args.out; returns the stats dictionary."""
    started = time.time()
    source = {name: os.path.join(args.source, name) for name in (
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")}
    for path in source.values():
        if not os.path.isfile(path):
            raise SystemExit(f"missing {path} (Debian package dataset-fashion-mnist, or --source)")
    train_items, train_labels = read_idx(source["train-images-idx3-ubyte.gz"], source["train-labels-idx1-ubyte.gz"])
    test_items, test_labels = read_idx(source["t10k-images-idx3-ubyte.gz"], source["t10k-labels-idx1-ubyte.gz"])
    val_share = args.val / max(args.train + args.val, 1)
    pools = split_pools(train_labels, test_labels, val_share, args.seed)
    order, weights = tail_weights(args.tail_ratio, args.seed)
    log("class ranks (most common first), seed %d, ratio %g:" % (args.seed, args.tail_ratio))
    for rank, c in enumerate(order):
        log(f"  {rank}: {c} {CLASS_NAMES[c]:<12} {100 * weights[c]:5.2f}% of objects")

    out = os.path.abspath(args.out)
    if os.path.exists(out) and not args.overwrite:
        raise SystemExit(f"{out} exists; pass --overwrite to replace it")
    work = os.path.join(os.path.dirname(out), "." + os.path.basename(out) + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    png = [cv2.IMWRITE_PNG_COMPRESSION, 3]
    stats, preview = {}, []
    for split, n in (("train", args.train), ("val", args.val), ("test", args.test)):
        if n == 0:
            continue
        items = train_items if split != "test" else test_items
        plans = plan_split(split, n, pools[split], weights, args.background_share, args.max_objects, args.seed)
        os.makedirs(os.path.join(work, "images", split))
        os.makedirs(os.path.join(work, "labels", split))
        s = stats[split] = new_split_stats()
        uses = np.zeros(len(items), dtype=np.int64)
        for i, plan in enumerate(plans):
            image, placed, dropped = render(split, i, plan, items, args.canvas, args.seed)
            name = f"{i:06d}"
            cv2.imwrite(os.path.join(work, "images", split, name + ".png"), image, png)
            with open(os.path.join(work, "labels", split, name + ".txt"), "w") as f:
                f.write(yolo_lines(placed, args.canvas))
            count(s, placed, dropped)
            for _, index, _ in plan:
                uses[index] += 1
            if split == "train" and len(preview) < args.preview:
                preview.append((image, placed))
        s["distinct_items"] = int((uses > 0).sum())
        s["max_uses_of_an_item"] = int(uses.max())
    with open(os.path.join(work, "classes.txt"), "w") as f:
        f.write("\n".join(CLASS_NAMES) + "\n")
    with open(os.path.join(work, "data.yaml"), "w") as f:
        f.write("# Fashion-MNIST objects on textured canvases (bench/detection/make_fmnist_detection.py)\n"
                f"path: .\ntrain: images/train\nval: images/val\ntest: images/test\nnc: {len(CLASS_NAMES)}\n"
                "names:\n" + "".join(f"  {i}: '{n}'\n" for i, n in enumerate(CLASS_NAMES)))
    if preview:
        cv2.imwrite(os.path.join(work, "preview.png"), contact_sheet(preview), [cv2.IMWRITE_PNG_COMPRESSION, 9])

    objects = sum(s["objects"] for s in stats.values())
    small = sum(s["sizes"]["small"] for s in stats.values())
    tiny = sum(s["sizes"]["tiny_under_16x16"] for s in stats.values())
    summary = {
        "generator": "bench/detection/make_fmnist_detection.py",
        "arguments": {k: v for k, v in vars(args).items() if k not in ("out", "overwrite", "preview")},
        "source_sha256": {name: sha256(path) for name, path in source.items()},
        "classes": CLASS_NAMES,
        "class_rank_order": [int(c) for c in order],
        "class_object_share": {CLASS_NAMES[c]: round(float(weights[c]), 6) for c in range(len(CLASS_NAMES))},
        "size_buckets": "COCO: small area < 32^2, medium < 96^2, large >= 96^2 (area = box w*h in px); "
                        "tiny_under_16x16 is the part of small with area < 16^2",
        "splits": stats,
        "all": {"images": sum(s["images"] for s in stats.values()), "objects": objects,
                "small_share": round(small / max(objects, 1), 4), "tiny_share": round(tiny / max(objects, 1), 4)},
    }
    # written before the rename and not timed, so the folder's bytes depend on the arguments only
    with open(os.path.join(work, "stats.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.replace(work, out)
    log_summary(summary, log)
    log(f"wrote {out} in {time.time() - started:.1f} s")
    return summary


def log_summary(summary, log):
    log(f"{'split':<6} {'images':>6} {'backgr':>6} {'objects':>7} {'dropped':>7} {'small':>6} {'tiny':>6} "
        f"{'medium':>6}  objects per class (id order)")
    for split, s in summary["splits"].items():
        per_class = " ".join(str(s["objects_per_class"][n]) for n in CLASS_NAMES)
        log(f"{split:<6} {s['images']:>6} {s['background_images']:>6} {s['objects']:>7} "
            f"{s['dropped_placements']:>7} {s['sizes']['small']:>6} {s['sizes']['tiny_under_16x16']:>6} "
            f"{s['sizes']['medium']:>6}  {per_class}")
    a = summary["all"]
    log(f"all: {a['images']} images, {a['objects']} objects, small {100 * a['small_share']:.1f}%, "
        f"tiny (< 16x16) {100 * a['tiny_share']:.1f}%")


if __name__ == "__main__":
    generate(parse_args(sys.argv[1:]))
