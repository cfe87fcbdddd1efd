package io.augflow.augment.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class SyntheticDatasetTest {
    private static final SyntheticConf CONF = new SyntheticConf(400, 96, 80, 3, 6, 100, 0.5, 2, 0.1, 0.1, 7);

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void classCountsFollowTheLongTailExactly() {
        int[] counts = SyntheticDataset.classCounts(CONF);
        assertEquals(CONF.images(), Arrays.stream(counts).sum());
        for (int c = 1; c < counts.length; c++) {
            assertTrue(counts[c] <= counts[c - 1], "counts must not increase: " + Arrays.toString(counts));
        }
        assertTrue(counts[counts.length - 1] >= 1);
        double ratio = (double) counts[0] / counts[counts.length - 1];
        assertTrue(ratio > 50 && ratio <= 200, "imbalance ratio about 100, got " + ratio);

        SyntheticDataset data = new SyntheticDataset(CONF);
        int[] labels = new int[CONF.classes()];
        for (int i = 0; i < CONF.images(); i++) {
            labels[data.generate(i).label().orElseThrow()]++;
        }
        assertArrayEquals(counts, labels, "image-level labels are assigned exactly");
    }

    @Test
    void sameIndexGivesSameBytesOnAnyThread() throws Exception {
        SyntheticDataset data = new SyntheticDataset(CONF);
        byte[] reference = bytes(data.generate(17).image());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> bytes(new SyntheticDataset(CONF).generate(17).image())));
            }
            for (Future<byte[]> r : results) {
                assertArrayEquals(reference, r.get());
            }
        } finally {
            pool.shutdown();
        }
        assertFalse(Arrays.equals(reference, bytes(data.generate(18).image())), "different images differ");
    }

    @Test
    void boxesAreInsideDisjointAndIncludeSmallObjects() {
        SyntheticDataset data = new SyntheticDataset(CONF);
        int withSmall = 0;
        for (int i = 0; i < CONF.images(); i++) {
            Sample s = data.generate(i);
            assertEquals(CONF.width(), s.width());
            assertEquals(CONF.height(), s.height());
            assertEquals(s.label().orElseThrow(), s.boxes().get(0).classId(), "the primary object is the label");
            for (Box b : s.boxes()) {
                assertTrue(b.isInside(s.width(), s.height()), s.id() + " box outside: " + b);
            }
            for (int a = 0; a < s.boxes().size(); a++) {
                for (int b = a + 1; b < s.boxes().size(); b++) {
                    assertEquals(0f, s.boxes().get(a).intersectionArea(s.boxes().get(b)), s.id() + " overlap");
                }
            }
            if (s.boxes().stream().anyMatch(b -> b.area() < 32 * 32)) {
                withSmall++;
            }
        }
        double share = (double) withSmall / CONF.images();
        assertTrue(share > 0.4 && share < 0.6, "about half the images hold small objects, got " + share);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void everyShapeFillsExactlyItsBox(Shape shape) {
        for (int[] r : new int[][] {{5, 7, 30, 30}, {40, 3, 9, 9}, {2, 50, 24, 8}}) {
            Mat mask = Mat.zeros(80, 96, CvType.CV_8UC1);
            SyntheticDataset.draw(mask, shape, r[0], r[1], r[2], r[3], new Scalar(255));
            Rect rect = Imgproc.boundingRect(mask);
            String where = shape + " " + Arrays.toString(r) + " drew " + rect;
            assertTrue(Math.abs(rect.x - r[0]) <= 1 && Math.abs(rect.y - r[1]) <= 1, where);
            assertTrue(Math.abs(rect.width - r[2]) <= 1 && Math.abs(rect.height - r[3]) <= 1, where);
            assertTrue(Core.countNonZero(mask) > 0, where);
        }
    }

    @Test
    void badConfigurationNamesKeyAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticConf(10, 96, 96, 4, 6, 10, 0.3, 1, 0.1, 0.1, 1));
        assertEquals("generate.channels must be 1 or 3, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticConf(10, 96, 96, 3, 6, 0.5, 0.3, 1, 0.1, 0.1, 1));
        assertEquals("generate.imbalance-ratio must be >= 1, got 0.5", e.getMessage());
    }

    private static byte[] bytes(Mat m) {
        byte[] b = new byte[(int) (m.total() * m.channels())];
        m.get(0, 0, b);
        return b;
    }
}
