package io.augflow.train.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class BoxMappingTest {
    @BeforeAll
    static void load() {
        OpenCv.load();
    }

    static Stream<Arguments> cases() {
        int[][] originals = {{64, 48}, {30, 90}, {100, 100}, {50, 20}, {97, 61}, {32, 32}, {20, 28}};
        int[][] inputs = {{32, 32}, {48, 32}};
        List<Arguments> cases = new ArrayList<>();
        for (ResizePolicy policy : ResizePolicy.values()) {
            for (int[] o : originals) {
                for (int[] in : inputs) {
                    cases.add(Arguments.of(policy, o[0], o[1], in[0], in[1]));
                }
            }
        }
        return cases.stream();
    }

    /** Boxes near the centre (inside any centre-crop window) go forward through InputFit and come back. */
    @ParameterizedTest(name = "{0} {1}x{2} -> {3}x{4}")
    @MethodSource("cases")
    void inverseUndoesTheRealForwardTransform(ResizePolicy policy, int w, int h, int inW, int inH) {
        List<Box> boxes = List.of(
                new Box(0, w * 0.45f, h * 0.42f, w * 0.1f, h * 0.12f),
                new Box(1, w * 0.4f, h * 0.5f, w * 0.05f, h * 0.03f),
                new Box(2, w * 0.35f, h * 0.4f, w * 0.3f, h * 0.2f));
        Sample original = new Sample("s", new Mat(h, w, CvType.CV_8UC3, new Scalar(10, 20, 30)), boxes,
                Sample.NO_LABEL);
        Sample fitted = new InputFit(new InputSize(inW, inH, 3), policy).apply(original);
        assertEquals(inW, fitted.width());
        assertEquals(inH, fitted.height());
        assertEquals(boxes.size(), fitted.boxes().size());
        BoxMapping mapping = new BoxMapping(policy, w, h, inW, inH);
        for (int i = 0; i < boxes.size(); i++) {
            Box back = mapping.toOriginal(fitted.boxes().get(i));
            Box want = boxes.get(i);
            String what = policy + " " + want + " -> " + fitted.boxes().get(i) + " -> " + back;
            assertEquals(want.x(), back.x(), 1e-3, what);
            assertEquals(want.y(), back.y(), 1e-3, what);
            assertEquals(want.x2(), back.x2(), 1e-3, what);
            assertEquals(want.y2(), back.y2(), 1e-3, what);
            assertEquals(want.classId(), back.classId());
        }
    }

    @Test
    void handCases() {
        // letterbox 64x32 -> 32x32: scale 0.5, image 32x16 at top 8: input (5, 13, 10, 5) is original (10, 10, 20, 10).
        Box letterboxed = new BoxMapping(ResizePolicy.LETTERBOX, 64, 32, 32, 32).toOriginal(new Box(0, 5, 13, 10, 5));
        assertEquals(new Box(0, 10, 10, 20, 10), letterboxed);
        // resize 64x32 -> 32x32: x halves, y stays.
        assertEquals(new Box(0, 10, 13, 20, 5),
                new BoxMapping(ResizePolicy.RESIZE, 64, 32, 32, 32).toOriginal(new Box(0, 5, 13, 10, 5)));
        // center-crop 64x32 -> 32x32: scale 1, window from x = 16: input x 5 is original 21.
        assertEquals(new Box(0, 21, 13, 10, 5),
                new BoxMapping(ResizePolicy.CENTER_CROP, 64, 32, 32, 32).toOriginal(new Box(0, 5, 13, 10, 5)));
        // a letterbox detection reaching into the padding is clipped to the original.
        assertEquals(new Box(0, 0, 0, 10, 10),
                new BoxMapping(ResizePolicy.LETTERBOX, 64, 32, 32, 32).toOriginal(new Box(0, 0, 2, 5, 11)));
    }
}
