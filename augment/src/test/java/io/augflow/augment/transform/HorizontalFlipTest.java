package io.augflow.augment.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.geometric.HorizontalFlip;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class HorizontalFlipTest {
    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void mirrorsPixelsAndBoxes() {
        Mat image = Mat.zeros(4, 10, CvType.CV_8UC1);
        image.put(1, 2, 200); // inside the box at x=2..4
        Sample in = new Sample("s", image, List.of(new Box(3, 2, 1, 3, 2)), 1);

        Sample out = new HorizontalFlip(1.0).apply(in, new HorizontalFlip.Params());

        assertEquals(200, (int) out.image().get(1, 7)[0]);
        assertEquals(new Box(3, 5, 1, 3, 2), out.boxes().get(0));
        assertEquals(0, (int) in.image().get(1, 7)[0], "the input is not modified");
        byte[] twice = new byte[40];
        new HorizontalFlip(1.0).apply(out, new HorizontalFlip.Params()).image().get(0, 0, twice);
        byte[] original = new byte[40];
        image.get(0, 0, original);
        assertArrayEquals(original, twice);
    }
}
