"""Tests of pytorch_yolo_peer.py; run from this folder with Debian's interpreter:

    cd bench/detection && /usr/bin/python3 -m unittest -v test_pytorch_yolo_peer

Expected values are computed by hand (layer sizes, grid cells, corner coordinates), not by the peer's formulas.
"""
import os
import tempfile
import unittest

import cv2
import numpy as np
import torch

import pytorch_yolo_peer as peer


class NetworkTest(unittest.TestCase):
    def test_layout_matches_yolo_small_at_base_16_with_three_neck_blocks(self):
        model = peer.yolo_small(classes=10, anchors=5)
        out = model(torch.zeros(2, 3, 96, 96))
        self.assertEqual((2, 75, 12, 12), tuple(out.shape))   # 5 x (5 + 10) channels on a 96 / 8 grid
        # conv weights 3x3: 3*16, 16*32, 32*64, 64*128, 1x1: 128*64, 3x3: 64*128; head 128*75 + 75 bias;
        # batch norm gamma + beta per channel (16+32+64+128+64+128)
        weights = 9 * (3 * 16 + 16 * 32 + 32 * 64 + 64 * 128 + 64 * 128) + 128 * 64 + 128 * 75 + 75
        self.assertEqual(weights + 2 * 432, sum(p.numel() for p in model.parameters()))
        slopes = {m.negative_slope for m in model if isinstance(m, torch.nn.LeakyReLU)}
        self.assertEqual({0.1}, slopes)


class EncodeTest(unittest.TestCase):
    def test_a_box_goes_to_the_cell_of_its_centre_with_corners_in_grid_units(self):
        t = peer.encode(np.array([[10, 20, 30, 36]], np.float32), np.array([3]), 96, 8, 10)
        self.assertEqual((14, 12, 12), t.shape)
        # centre (20, 28) px -> column 2, row 3
        np.testing.assert_allclose([1.25, 2.5, 3.75, 4.5], t[0:4, 3, 2])
        self.assertEqual(1.0, t[4 + 3, 3, 2])
        self.assertEqual(1.0, float(t[4:].sum()))       # one class bit, nowhere else
        self.assertEqual(4, int(np.count_nonzero(t[0:4])))  # four corner values, in that cell only

    def test_the_smaller_of_two_boxes_in_one_cell_keeps_it(self):
        big = [0, 0, 40, 40]      # centre (20, 20): cell (2, 2)
        small = [17, 17, 23, 23]  # centre (20, 20) too
        t = peer.encode(np.array([big, small], np.float32), np.array([1, 6]), 96, 8, 10)
        self.assertEqual(1.0, t[4 + 6, 2, 2])
        self.assertEqual(0.0, t[4 + 1, 2, 2])
        np.testing.assert_allclose([17 / 8, 17 / 8, 23 / 8, 23 / 8], t[0:4, 2, 2])

    def test_a_background_image_is_all_zeros(self):
        t = peer.encode(np.zeros((0, 4), np.float32), np.zeros(0, np.int64), 96, 8, 10)
        self.assertEqual(0.0, float(np.abs(t).sum()))


class LetterboxTest(unittest.TestCase):
    def test_a_square_image_of_the_input_size_is_left_alone(self):
        img = np.random.default_rng(1).integers(0, 255, (96, 96, 3), dtype=np.uint8)
        out, boxes = peer.letterbox(img, np.array([[1, 2, 3, 4]], np.float32), 96)
        np.testing.assert_array_equal(img, out)
        np.testing.assert_allclose([[1, 2, 3, 4]], boxes)

    def test_a_tall_image_is_padded_left_and_right(self):
        img = np.full((96, 48, 3), 200, np.uint8)
        out, boxes = peer.letterbox(img, np.array([[0, 0, 48, 96]], np.float32), 96)
        self.assertEqual((96, 96, 3), out.shape)
        self.assertEqual(0, int(out[:, :24].max()))     # 24 px of padding each side
        self.assertEqual(200, int(out[:, 24:72].min()))
        np.testing.assert_allclose([[24, 0, 72, 96]], boxes)


class LossTest(unittest.TestCase):
    def test_the_loss_is_finite_and_trains_down_on_one_batch(self):
        torch.manual_seed(0)
        model = peer.yolo_small(classes=10, anchors=5)
        target = torch.from_numpy(np.stack([peer.encode(np.array([[10, 20, 30, 36]], np.float32), np.array([3]),
                                                        96, 8, 10)] * 4))
        x = torch.randn(4, 3, 96, 96)
        priors = torch.tensor([[1.0, 1.0], [2.0, 2.0], [3.0, 2.0], [2.0, 3.0], [4.0, 4.0]])
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        losses = []
        for _ in range(15):
            opt.zero_grad()
            loss = peer.yolo_loss(model(x), target, priors, 10)
            loss.backward()
            peer.renormalize_per_layer(model)
            opt.step()
            losses.append(float(loss))
        self.assertTrue(all(np.isfinite(losses)))
        self.assertLess(losses[-1], losses[0])


class DataTest(unittest.TestCase):
    def test_an_item_is_read_flipped_or_not_and_encoded(self):
        with tempfile.TemporaryDirectory() as d:
            os.makedirs(f"{d}/images/train")
            os.makedirs(f"{d}/labels/train")
            img = np.zeros((96, 96, 3), np.uint8)
            img[24:48, 0:24] = 255
            cv2.imwrite(f"{d}/images/train/000000.png", img)
            with open(f"{d}/labels/train/000000.txt", "w") as f:
                f.write("2 0.125 0.375 0.25 0.25\n")   # the white square: x 0-24, y 24-48
            paths, labels = peer.read_split(d, "train")
            data = peer.YoloFolder(paths, labels, 96, 8, 10, "flip", seed=1)
            seen = set()
            for epoch in range(12):
                data.epoch = epoch
                x, t = data[0]
                self.assertEqual((3, 96, 96), tuple(x.shape))
                self.assertEqual(1.0, float(t[4 + 2].sum()))
                # not flipped: centre (12, 36) -> cell (row 4, col 1); flipped: x 72-96, centre 84 -> col 10
                row, col = [int(v) for v in torch.nonzero(t[4 + 2])[0]]
                self.assertEqual(4, row)
                self.assertIn(col, (1, 10))
                left_is_white = float(x[0, 36, 12]) > 0
                self.assertEqual(col == 1, left_is_white)
                seen.add(col)
            self.assertEqual({1, 10}, seen)   # 12 epochs at p 0.5: both outcomes (p of one only: 2 / 4096)


if __name__ == "__main__":
    unittest.main()
