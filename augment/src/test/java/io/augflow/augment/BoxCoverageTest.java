package io.augflow.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoxCoverageTest {

    @Test
    void overlappingCoversCountOnce() {
        Box box = new Box(0, 0, 0, 10, 10);
        List<Box> covers = List.of(new Box(0, -5, -5, 10, 10), new Box(0, 0, 0, 5, 5), new Box(0, 8, 8, 5, 5));
        assertEquals(25 + 4, BoxCoverage.coveredArea(box, covers), 1e-9);
        assertEquals(0.29, BoxCoverage.coveredFraction(box, covers), 1e-9);
        assertEquals(0, BoxCoverage.coveredFraction(box, List.of()), 0);
    }

    @Test
    void matchesPixelCountingOnIntegerRectangles() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 200; trial++) {
            Box box = new Box(0, rng.nextInt(10), rng.nextInt(10), 1 + rng.nextInt(20), 1 + rng.nextInt(20));
            List<Box> covers = new ArrayList<>();
            boolean[][] covered = new boolean[40][40];
            for (int i = 0; i < rng.nextInt(6); i++) {
                int x = rng.nextInt(30);
                int y = rng.nextInt(30);
                int w = 1 + rng.nextInt(10);
                int h = 1 + rng.nextInt(10);
                covers.add(new Box(0, x, y, w, h));
                for (int r = y; r < y + h; r++) {
                    for (int c = x; c < x + w; c++) {
                        covered[r][c] = true;
                    }
                }
            }
            int count = 0;
            for (int r = (int) box.y(); r < box.y2(); r++) {
                for (int c = (int) box.x(); c < box.x2(); c++) {
                    count += covered[r][c] ? 1 : 0;
                }
            }
            assertEquals(count, BoxCoverage.coveredArea(box, covers), 1e-9, "trial " + trial);
        }
    }
}
