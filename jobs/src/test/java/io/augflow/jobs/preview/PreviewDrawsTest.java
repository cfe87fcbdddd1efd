package io.augflow.jobs.preview;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.augment.Box;
import io.augflow.augment.OpenCv;
import io.augflow.augment.Sample;
import io.augflow.augment.transform.AugmentConf;
import io.augflow.augment.transform.Compose;
import io.augflow.augment.transform.geometric.InputFit;
import io.augflow.augment.transform.geometric.InputSize;
import io.augflow.augment.transform.geometric.ResizePolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/** The preview's draws take mosaic and mixup partners from its own selection. */
class PreviewDrawsTest {
    private static final InputFit FIT = new InputFit(new InputSize(96, 96, 3), ResizePolicy.RESIZE);

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    /** Four sources, source {@code i} holding one large box of class {@code i}: a box's class names its source. */
    private static List<Sample> selection() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(new Sample("src-" + i, noise(80 + 8 * i, 64, i % 2 == 0 ? 3 : 1, i),
                    List.of(new Box(i, 4, 4, 60, 50)), Sample.NO_LABEL));
        }
        return samples;
    }

    /** Seeded 8-bit noise, {@code width x height x channels}. */
    private static Mat noise(int width, int height, int channels, long seed) {
        byte[] data = new byte[width * height * channels];
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) rng.nextInt(256);
        }
        Mat m = new Mat(height, width, CvType.makeType(CvType.CV_8U, channels));
        m.put(0, 0, data);
        return m;
    }

    private static byte[] bytes(Mat m) {
        Mat c = m.isContinuous() ? m : m.clone();
        byte[] data = new byte[(int) c.total() * c.channels()];
        c.get(0, 0, data);
        return data;
    }

    private static Compose compose(String body) {
        return AugmentConf.parse("augment { " + body + " }").compose();
    }

    @Test
    void aPreviewWithMosaicAtPOneShowsBoxesOfSeveralSourceImages() {
        List<Sample> selection = selection();
        List<PreviewGrid.Row> rows = PreviewDraws.draw(selection, compose("mosaic { p = 1 }"), 42, 0, 6, FIT);
        assertEquals(4, rows.size());
        for (PreviewGrid.Row row : rows) {
            int own = Integer.parseInt(row.original().id().substring(4));
            Set<Integer> seen = new HashSet<>();
            for (Sample drawn : row.augmented()) {
                Set<Integer> classes = drawn.boxes().stream().map(Box::classId).collect(Collectors.toSet());
                // each quadrant holds at least a quarter-share of a 60x50 box in a 64-px-high image: min-visibility 0.3
                // may drop a few, but never all of the other three sources'
                assertTrue(classes.size() >= 2, row.original().id() + ": one draw shows " + classes);
                assertTrue(Set.of(0, 1, 2, 3).containsAll(classes), "partners come from the selection: " + classes);
                seen.addAll(classes);
                assertEquals(96, drawn.width(), "the network input step ends every draw");
            }
            assertEquals(Set.of(0, 1, 2, 3), seen, row.original().id() + " (class " + own + ") saw boxes of " + seen);
        }
    }

    @Test
    void theSameSelectionSeedAndEpochGiveTheSameDrawsAndTheTitleNamesTheStage() {
        Compose c = compose("mosaic { p = 0.5 }, mixup { p = 0.5 }, pipeline = [{ type = horizontal-flip, p = 0.5 }]");
        List<PreviewGrid.Row> a = PreviewDraws.draw(selection(), c, 7, 1, 4, FIT);
        List<PreviewGrid.Row> b = PreviewDraws.draw(selection(), c, 7, 1, 4, FIT);
        for (int r = 0; r < a.size(); r++) {
            for (int m = 0; m < 4; m++) {
                assertArrayEquals(bytes(a.get(r).augmented().get(m).image()),
                        bytes(b.get(r).augmented().get(m).image()), "row " + r + ", draw " + m);
                assertEquals(a.get(r).augmented().get(m).boxes(), b.get(r).augmented().get(m).boxes());
            }
        }
        assertEquals(List.of("mosaic", "mixup", "horizontal-flip"), PreviewDraws.names(c));
        assertEquals(List.of("horizontal-flip"), PreviewDraws.names(compose(
                "mosaic { p = 0 }, pipeline = [{ type = horizontal-flip, p = 0.5 }]")));
    }
}
