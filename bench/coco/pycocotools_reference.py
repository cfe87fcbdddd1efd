#!/usr/bin/env python3
"""pycocotools' figures for augflow's COCO box evaluator (io.augflow.train.detect.eval) to be checked against.

Builds seeded, realistic detection fixtures (images of varied sizes, objects from small to large, a few crowd regions,
annotation areas that differ from w*h as COCO's segmentation areas do, boxes on exactly 32x32 and 96x96, detections
that are jittered ground truths, duplicates, wrong classes, false positives and misses, scores rounded so some tie,
one image with more than 100 detections), writes gt.json and dets.json, runs pycocotools.cocoeval.COCOeval
(iouType 'bbox', default parameters) on them and writes its 12 stats and per-class figures to expected.json.

Regenerate the committed fixtures (run from the repository root; needs numpy and pycocotools):
    python3 bench/coco/pycocotools_reference.py
Score any COCO pair (for example one a Java test exported) and print the same figures as JSON:
    python3 bench/coco/pycocotools_reference.py --score gt.json dets.json
"""
import argparse
import contextlib
import io
import json
import os
import random

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

OUT_ROOT = "train/src/test/resources/coco"
STAT_NAMES = ["AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge",
              "AR1", "AR10", "AR100", "ARsmall", "ARmedium", "ARlarge"]

# name -> (seed, images, categories {id: name}, size profile, categories left without ground truth)
FIXTURES = {
    "mixed": (7, 20, {1: "cat", 2: "dog", 3: "bird"}, "mixed", set()),
    "small-objects": (1234, 20, {1: "screw", 2: "nut", 3: "washer"}, "small", set()),
    # category ids with gaps, and one category (9) only ever detected, never annotated
    "gapped-ids": (2026, 24, {2: "car", 5: "person", 7: "sign", 9: "kite"}, "mixed", {9}),
}


def box_size(rng, profile):
    """(w, h) spanning COCO's small (< 32^2), medium and large (> 96^2) areas; a few exactly on the bounds."""
    roll = rng.random()
    if roll < 0.04:
        return 32, 32
    if roll < 0.08:
        return 96, 96
    if profile == "small":
        side = rng.uniform(4, 40) if rng.random() < 0.8 else rng.uniform(40, 160)
    else:
        side = 2 ** rng.uniform(3, 7.6)
    aspect = 2 ** rng.uniform(-1, 1)
    w, h = side * aspect ** 0.5, side / aspect ** 0.5
    if rng.random() < 0.5:
        return float(round(w)), float(round(h))
    return round(w, 2), round(h, 2)


def clip_box(x, y, w, h, width, height):
    x, y = max(0.0, min(x, width - 1)), max(0.0, min(y, height - 1))
    return [round(x, 2), round(y, 2), round(max(1.0, min(w, width - x)), 2), round(max(1.0, min(h, height - y)), 2)]


def score(rng, low, high):
    """Two decimals, so equal scores occur within and across images."""
    return round(rng.uniform(low, high), 2)


def build(seed, n_images, categories, profile, unannotated):
    rng = random.Random(seed)
    cat_ids = sorted(categories)
    annotated = [c for c in cat_ids if c not in unannotated]
    image_ids = rng.sample(range(1, 10 * n_images), n_images)  # not contiguous, not in file-name order
    images, annotations, dets = [], [], []
    ann_id = 1
    for index, image_id in enumerate(image_ids):
        width, height = rng.randint(200, 640), rng.randint(200, 640)
        images.append({"id": image_id, "file_name": f"sample-{(index * 7919) % 1000:04d}", "width": width,
                       "height": height})
        for _ in range(rng.randint(0, 8)):
            cat = rng.choice(annotated)
            crowd = 1 if rng.random() < 0.07 else 0
            w, h = box_size(rng, profile)
            if crowd:
                w, h = w * 2, h * 2
            x, y = rng.uniform(0, max(1, width - w)), rng.uniform(0, max(1, height - h))
            x, y = (float(round(x)), float(round(y))) if rng.random() < 0.5 else (round(x, 2), round(y, 2))
            area = w * h if rng.random() < 0.7 else round(w * h * rng.uniform(0.5, 0.95), 3)
            annotations.append({"id": ann_id, "image_id": image_id, "category_id": cat, "bbox": [x, y, w, h],
                                "area": area, "iscrowd": crowd})
            ann_id += 1
            if crowd:
                for _ in range(rng.randint(1, 3)):  # detections inside a crowd region: ignored, not false positives
                    dw, dh = w * rng.uniform(0.2, 0.5), h * rng.uniform(0.2, 0.5)
                    dets.append(det(image_id, cat, clip_box(x + rng.uniform(0, w - dw), y + rng.uniform(0, h - dh),
                                                            dw, dh, width, height), score(rng, 0.1, 0.9)))
                continue
            if rng.random() < 0.15:
                continue  # missed
            jitter = rng.choice([0.02, 0.06, 0.12, 0.25])
            box = clip_box(x + rng.gauss(0, jitter * w), y + rng.gauss(0, jitter * h),
                           w * (1 + rng.gauss(0, jitter)), h * (1 + rng.gauss(0, jitter)), width, height)
            dets.append(det(image_id, cat, box, score(rng, 0.3, 1.0)))
            if rng.random() < 0.15:  # a duplicate, usually lower
                dets.append(det(image_id, cat, clip_box(box[0] + 1, box[1] - 1, box[2], box[3], width, height),
                                score(rng, 0.1, 0.8)))
            if rng.random() < 0.08:  # right place, wrong class
                dets.append(det(image_id, rng.choice(cat_ids), box, score(rng, 0.05, 0.7)))
        for _ in range(rng.randint(0, 4)):  # false positives anywhere, in any category
            w, h = box_size(rng, profile)
            dets.append(det(image_id, rng.choice(cat_ids), clip_box(rng.uniform(0, width), rng.uniform(0, height),
                                                                    w, h, width, height), score(rng, 0.0, 0.6)))
    # one image with more detections than maxDets=100: low-score clutter around its first object, if any
    crowded = image_ids[0]
    first = next((a for a in annotations if a["image_id"] == crowded and not a["iscrowd"]), None)
    for _ in range(110):
        cat = first["category_id"] if first and rng.random() < 0.5 else rng.choice(cat_ids)
        x, y, w, h = first["bbox"] if first else [50.0, 50.0, 40.0, 40.0]
        dets.append(det(crowded, cat, clip_box(x + rng.gauss(0, 3), y + rng.gauss(0, 3), w, h, 640, 640),
                        score(rng, 0.0, 0.3)))
    rng.shuffle(dets)
    gt = {"images": images, "annotations": annotations,
          "categories": [{"id": c, "name": categories[c]} for c in cat_ids]}
    return gt, dets


def det(image_id, cat, box, s):
    return {"image_id": image_id, "category_id": cat, "bbox": box, "score": s}


def mean_above_minus_one(s):
    """summarize()'s rule: the mean of the entries > -1, or -1 when there are none."""
    s = s[s > -1]
    return -1.0 if len(s) == 0 else float(np.mean(s))


def score_files(gt_path, dets_path):
    """pycocotools' 12 stats, and per category (in sorted id order): AP, AP50, recall and the 101-point precision
    at IoU .5 (area all, 100 detections)."""
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO(gt_path)
        coco_dt = coco_gt.loadRes(dets_path)
        ev = COCOeval(coco_gt, coco_dt, "bbox")
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    precision, recall = ev.eval["precision"], ev.eval["recall"]
    per_class = []
    for k, cat_id in enumerate(ev.params.catIds):
        per_class.append({
            "categoryId": int(cat_id),
            "name": coco_gt.cats[cat_id]["name"],
            "ap": mean_above_minus_one(precision[:, :, k, 0, -1]),
            "ap50": mean_above_minus_one(precision[0, :, k, 0, -1]),
            "recall50": float(recall[0, k, 0, -1]),
            "precision50": [float(v) for v in precision[0, :, k, 0, -1]],
        })
    return {"stats": dict(zip(STAT_NAMES, [float(v) for v in ev.stats])), "perClass": per_class}


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--score", nargs=2, metavar=("GT_JSON", "DETS_JSON"), help="score this pair and print")
    args = parser.parse_args()
    if args.score:
        print(json.dumps(score_files(*args.score), indent=1))
        return
    for name, (seed, n_images, categories, profile, unannotated) in FIXTURES.items():
        folder = os.path.join(OUT_ROOT, name)
        os.makedirs(folder, exist_ok=True)
        gt, dets = build(seed, n_images, categories, profile, unannotated)
        write_json(os.path.join(folder, "gt.json"), gt)
        write_json(os.path.join(folder, "dets.json"), dets)
        expected = score_files(os.path.join(folder, "gt.json"), os.path.join(folder, "dets.json"))
        expected["fixture"] = {"seed": seed, "images": n_images, "annotations": len(gt["annotations"]),
                               "detections": len(dets), "profile": profile}
        write_json(os.path.join(folder, "expected.json"), expected)
        print(name, json.dumps(expected["stats"]))


if __name__ == "__main__":
    main()
