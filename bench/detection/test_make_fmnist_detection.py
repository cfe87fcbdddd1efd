"""Tests of make_fmnist_detection.py; run from this folder with Debian's interpreter:

    cd bench/detection && /usr/bin/python3 -m unittest -v test_make_fmnist_detection

A tiny generated folder (about 15 s) is shared by the tests that read files; the others call the functions.
Expected values come from the files (labels re-read, pixels compared) or from hand-computed figures, not from the
generator's own formulas.
"""
import glob
import hashlib
import json
import os
import shutil
import tempfile
import unittest

import cv2
import numpy as np

import make_fmnist_detection as gen

SOURCE_AVAILABLE = os.path.isfile(os.path.join(gen.FASHION_MNIST_DIR, "train-images-idx3-ubyte.gz"))


def tree_digest(root):
    """sha256 over every file's relative path and bytes, in path order."""
    h = hashlib.sha256()
    for path in sorted(glob.glob(os.path.join(root, "**", "*"), recursive=True)):
        if os.path.isfile(path):
            h.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def run(out, *extra):
    gen.generate(gen.parse_args(["-o", out, "--train", "40", "--val", "20", "--test", "20", *extra]),
                 log=lambda *_: None)


def read_boxes(label_path, size):
    """(class, x0, y0, x1, y1) in whole pixels from a YOLO label file."""
    boxes = []
    with open(label_path) as f:
        for line in f:
            c, cx, cy, w, h = line.split()
            cx, cy, w, h = (float(v) * size for v in (cx, cy, w, h))
            boxes.append((int(c), round(cx - w / 2), round(cy - h / 2), round(cx + w / 2), round(cy + h / 2)))
    return boxes


class ItemPatchTest(unittest.TestCase):
    """The box is the tight box of the pasted mask (checked with cv2.boundingRect, not the generator's nonzero)."""

    def test_alpha_is_opaque_inside_the_margin_and_faint_outside_it(self):
        item = np.zeros((28, 28), np.uint8)
        item[4:24, 9:17] = 200          # an 8 x 20 bar: its tight box, not the 28x28 square, must be scaled
        for size in (5, 9, 16, 31, 44):
            alpha, shade = gen.item_patch(item, size)
            x, y, w, h = cv2.boundingRect((alpha >= 0.5).astype(np.uint8))
            self.assertEqual((x, y, w, h), (1, 1, alpha.shape[1] - 2, alpha.shape[0] - 2), f"size {size}")
            self.assertLessEqual(float(alpha[0].max()), 0.25)
            self.assertLessEqual(float(alpha[:, -1].max()), 0.25)
            # 8 x 20 scaled to area ~size^2: height ~ size * sqrt(20 / 8) (size 44: 69.6, capped at 60)
            self.assertAlmostEqual(h, min(size * np.sqrt(20 / 8), 60), delta=1.5)
            self.assertEqual(shade.shape, alpha.shape)

    def test_the_longest_side_is_capped(self):
        item = np.zeros((28, 28), np.uint8)
        item[0:28, 12:16] = 255         # 4 x 28: size 44 would make it 116 px tall
        alpha, _ = gen.item_patch(item, 44)
        self.assertLessEqual(max(alpha.shape) - 2, gen.MAX_SIDE)

    def test_isolated_specks_do_not_stretch_the_box(self):
        item = np.zeros((28, 28), np.uint8)
        item[10:20, 10:20] = 255
        item[0, 0] = 255                # a one-pixel speck in the corner
        alpha, _ = gen.item_patch(item, 20)
        self.assertEqual(alpha.shape, (22, 22))


class ComposeTest(unittest.TestCase):
    """On a flat canvas, the pixels an item changed lie inside its box + 1 px, and touch each side of the box."""

    @unittest.skipUnless(SOURCE_AVAILABLE, "Fashion-MNIST not installed")
    def test_boxes_are_tight_around_the_changed_pixels(self):
        items, labels = gen.read_idx(os.path.join(gen.FASHION_MNIST_DIR, "t10k-images-idx3-ubyte.gz"),
                                     os.path.join(gen.FASHION_MNIST_DIR, "t10k-labels-idx1-ubyte.gz"))
        rng = np.random.default_rng(3)
        for trial in range(40):
            canvas = np.full((96, 96, 3), 128, np.float32)
            index = int(rng.integers(len(items)))
            placed, dropped = gen.compose(canvas, [(int(labels[index]), index, float(rng.uniform(5, 44)))],
                                          items, rng)
            self.assertEqual((len(placed), dropped), (1, 0))
            _, x0, y0, x1, y1, _ = placed[0]
            changed = np.abs(canvas - 128).max(axis=2) > 0.5 * gen.MIN_CONTRAST   # at least half-opaque
            ys, xs = np.nonzero(changed)
            self.assertEqual((xs.min(), ys.min(), xs.max() + 1, ys.max() + 1), (x0, y0, x1, y1), f"trial {trial}")

    def test_iou_by_hand(self):
        self.assertAlmostEqual(gen.iou((0, 0, 10, 10), (5, 0, 15, 10)), 50 / 150)
        self.assertEqual(gen.iou((0, 0, 10, 10), (10, 0, 20, 10)), 0.0)


class PlanTest(unittest.TestCase):
    def test_exact_counts_sum_and_round(self):
        self.assertEqual(list(gen.exact_counts(10, [0.55, 0.3, 0.15])), [6, 3, 1])
        self.assertEqual(int(gen.exact_counts(9973, np.full(7, 1 / 7)).sum()), 9973)

    def test_geometric_tail_each_rank_about_r_times_the_previous(self):
        pools = {c: np.arange(c * 100, c * 100 + 100) for c in range(10)}
        order, weights = gen.tail_weights(0.7, 42)
        plans = gen.plan_split("train", 3000, pools, weights, 0.05, 8, 42)
        classes = np.array([c for plan in plans for c, _, _ in plan])
        counts = np.bincount(classes, minlength=10)[order]          # most common first
        for k in range(9):
            self.assertAlmostEqual(counts[k + 1] / counts[k], 0.7, delta=0.03, msg=f"rank {k + 1}")
        # rarest share by hand: 0.7^9 / sum_{k<10} 0.7^k = 0.04035 / 3.2392 = 1.25%
        self.assertAlmostEqual(counts[-1] / counts.sum(), 0.01246, delta=0.001)
        self.assertEqual(sorted(order.tolist()), list(range(10)))
        self.assertEqual(sum(not plan for plan in plans), 150)     # 5% of 3000 backgrounds, exactly

    def test_items_come_from_their_own_class_pool_and_are_reused_only_after_all(self):
        pools = {c: np.arange(c * 10, c * 10 + 10) for c in range(10)}
        _, weights = gen.tail_weights(0.7, 1)
        plans = gen.plan_split("val", 200, pools, weights, 0.0, 8, 1)
        uses = {}
        for plan in plans:
            for c, item, _ in plan:
                self.assertIn(item, pools[c])
                uses[item] = uses.get(item, 0) + 1
        for c in range(10):
            u = [uses.get(int(i), 0) for i in pools[c]]
            self.assertLessEqual(max(u) - min(u), 1, f"class {c} uses {u}")

    def test_pools_share_no_item_across_splits(self):
        train_labels = np.arange(60000) % 10
        test_labels = np.arange(10000) % 10
        pools = gen.split_pools(train_labels, test_labels, 1 / 7, 42)
        train = np.concatenate(list(pools["train"].values()))
        val = np.concatenate(list(pools["val"].values()))
        self.assertEqual(len(np.intersect1d(train, val)), 0)
        self.assertEqual(len(train) + len(val), 60000)
        self.assertEqual(len(val), 10 * round(6000 / 7))
        for c in range(10):
            self.assertTrue(np.all(train_labels[pools["val"][c]] == c))
            self.assertTrue(np.all(test_labels[pools["test"][c]] == c))

    def test_size_bands_give_the_small_and_tiny_shares(self):
        rng = np.random.default_rng(0)
        sizes = np.array([gen.draw_size(rng) for _ in range(20000)])
        self.assertTrue(5 <= sizes.min() and sizes.max() <= 44)
        self.assertAlmostEqual(float((sizes < 32).mean()), 0.60, delta=0.015)
        self.assertAlmostEqual(float((sizes < 16).mean()), 0.28, delta=0.015)


@unittest.skipUnless(SOURCE_AVAILABLE, "Fashion-MNIST not installed")
class GeneratedFolderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="fmnist-det-test-")
        cls.out = os.path.join(cls.tmp, "a")
        run(cls.out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def test_yolo_layout_that_ingest_reads(self):
        with open(os.path.join(self.out, "classes.txt")) as f:
            self.assertEqual(f.read().splitlines(), gen.CLASS_NAMES)
        for split, n in (("train", 40), ("val", 20), ("test", 20)):
            images = sorted(os.path.basename(p)[:-4] for p in glob.glob(f"{self.out}/images/{split}/*.png"))
            labels = sorted(os.path.basename(p)[:-4] for p in glob.glob(f"{self.out}/labels/{split}/*.txt"))
            self.assertEqual(len(images), n)
            self.assertEqual(images, labels)
        image = cv2.imread(f"{self.out}/images/train/000000.png", cv2.IMREAD_UNCHANGED)
        self.assertEqual(image.shape, (96, 96, 3))

    def test_labels_inside_the_canvas_and_stats_agree_with_them(self):
        with open(os.path.join(self.out, "stats.json")) as f:
            stats = json.load(f)
        small = objects = 0
        for split in ("train", "val", "test"):
            per_class = np.zeros(10, int)
            backgrounds = 0
            for path in glob.glob(f"{self.out}/labels/{split}/*.txt"):
                boxes = read_boxes(path, 96)
                backgrounds += not boxes
                for c, x0, y0, x1, y1 in boxes:
                    self.assertTrue(0 <= x0 < x1 <= 96 and 0 <= y0 < y1 <= 96, (path, x0, y0, x1, y1))
                    per_class[c] += 1
                    small += (x1 - x0) * (y1 - y0) < 32 * 32
                    objects += 1
            s = stats["splits"][split]
            self.assertEqual([s["objects_per_class"][n] for n in gen.CLASS_NAMES], per_class.tolist())
            self.assertEqual(s["background_images"], backgrounds)
        self.assertGreaterEqual(small / objects, 0.40)
        self.assertEqual(stats["all"]["objects"], objects)

    def test_same_seed_same_bytes_other_seed_other_bytes(self):
        again = os.path.join(self.tmp, "b")
        other = os.path.join(self.tmp, "c")
        run(again)
        run(other, "--seed", "7")
        self.assertEqual(tree_digest(self.out), tree_digest(again))
        self.assertNotEqual(tree_digest(self.out), tree_digest(other))


if __name__ == "__main__":
    unittest.main()
