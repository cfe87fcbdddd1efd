"""Tests of ensemble_subset.py; run from this folder with Debian's interpreter:

    cd bench && /usr/bin/python3 -m unittest -v test_ensemble_subset

A small fake Fashion-MNIST folder (IDX gzip files written here byte by byte, not by the script's writer) stands in
for the Debian package, so the tests need neither it nor much time.
"""
import gzip
import os
import struct
import subprocess
import sys
import tempfile
import unittest

import numpy as np

import ensemble_subset as subset

HERE = os.path.dirname(os.path.abspath(__file__))


def write_fake_idx(folder, prefix, n):
    """n 2x3 images whose every pixel is the row index (mod 256), labels = row index mod 10."""
    with gzip.open(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">iiii", 2051, n, 2, 3))
        f.write(bytes(i % 256 for i in range(n) for _ in range(6)))
    with gzip.open(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), "wb") as f:
        f.write(struct.pack(">ii", 2049, n))
        f.write(bytes(i % 10 for i in range(n)))


class EnsembleSubsetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.data = os.path.join(cls.tmp.name, "fake")
        os.makedirs(cls.data)
        write_fake_idx(cls.data, "train", 200)
        write_fake_idx(cls.data, "t10k", 30)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_script(self, out, seed, train=120, val=50):
        subprocess.run([sys.executable, os.path.join(HERE, "ensemble_subset.py"), "--data", self.data, "--out", out,
                        "--train", str(train), "--val", str(val), "--seed", str(seed)],
                       check=True, capture_output=True)

    def read(self, out, prefix):
        images = subset.read_idx(os.path.join(out, f"{prefix}-images-idx3-ubyte.gz"), 2051, 3)
        labels = subset.read_idx(os.path.join(out, f"{prefix}-labels-idx1-ubyte.gz"), 2049, 1)
        return images, labels

    def test_splits_are_disjoint_sized_as_asked_and_keep_each_image_with_its_label(self):
        out = os.path.join(self.tmp.name, "a")
        self.run_script(out, seed=7)
        rows = {}
        for split, size in (("train", 120), ("val", 50)):
            images, labels = self.read(out, split)
            self.assertEqual((size, 2, 3), images.shape)
            source_rows = images[:, 0, 0].astype(int)  # every pixel holds its source row index
            self.assertTrue(np.all(images == source_rows[:, None, None]), "an image is copied whole")
            self.assertTrue(np.all(labels == source_rows % 10), "each image keeps its own label")
            self.assertTrue(np.all(np.diff(source_rows) > 0), "source order kept within a split")
            rows[split] = set(source_rows.tolist())
        self.assertEqual(set(), rows["train"] & rows["val"])

    def test_the_test_files_are_copied_byte_for_byte(self):
        out = os.path.join(self.tmp.name, "b")
        self.run_script(out, seed=1)
        for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"):
            with open(os.path.join(self.data, name), "rb") as a, open(os.path.join(out, name), "rb") as b:
                self.assertEqual(a.read(), b.read())

    def test_the_same_seed_gives_the_same_rows_and_another_seed_others(self):
        outs = [os.path.join(self.tmp.name, n) for n in ("s1", "s1again", "s2")]
        for out, seed in zip(outs, (3, 3, 4)):
            self.run_script(out, seed=seed)
        first, again, other = (self.read(o, "val")[0][:, 0, 0].tolist() for o in outs)
        self.assertEqual(first, again)
        self.assertNotEqual(first, other)

    def test_asking_for_more_rows_than_the_training_set_holds_fails(self):
        with self.assertRaises(subprocess.CalledProcessError):
            self.run_script(os.path.join(self.tmp.name, "c"), seed=1, train=150, val=51)


if __name__ == "__main__":
    unittest.main()
