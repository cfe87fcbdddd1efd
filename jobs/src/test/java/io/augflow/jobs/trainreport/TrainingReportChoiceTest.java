package io.augflow.jobs.trainreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.augflow.train.detect.eval.CocoGroundTruth;
import io.augflow.train.detect.eval.CocoImage;
import io.augflow.train.detect.eval.GroundTruthBox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ExampleChoice}: which test images the detection report draws. */
class TrainingReportChoiceTest {
    /** 4 images with a small object (s-*), 10 with medium ones only (m-*), 6 without boxes (b-*). */
    private static CocoGroundTruth truth(long shuffle) {
        List<CocoImage> images = new ArrayList<>();
        List<GroundTruthBox> boxes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(new CocoImage("s-" + i, 200, 200));
            boxes.add(GroundTruthBox.of("s-" + i, 0, 10, 10, 40, 40, false));
            boxes.add(GroundTruthBox.of("s-" + i, 0, 100, 100, 20, 20, false)); // 400 px: small
        }
        for (int i = 0; i < 10; i++) {
            images.add(new CocoImage("m-" + i, 200, 200));
            boxes.add(GroundTruthBox.of("m-" + i, 0, 10, 10, 40, 40, false)); // 1,600 px: medium
        }
        for (int i = 0; i < 6; i++) {
            images.add(new CocoImage("b-" + i, 200, 200));
        }
        images.add(new CocoImage("crowd", 200, 200));
        boxes.add(GroundTruthBox.of("crowd", 0, 0, 0, 10, 10, true)); // a small crowd region is no small object
        Collections.shuffle(images, new Random(shuffle));
        Collections.shuffle(boxes, new Random(shuffle));
        return new CocoGroundTruth(images, List.of("thing"), boxes);
    }

    @Test
    void halfTheImagesHaveASmallObjectThenImagesWithBoxesThenTheRest() {
        for (long seed = 0; seed < 20; seed++) {
            List<String> six = ExampleChoice.choose(truth(1), 6, seed);
            assertEquals(6, six.size());
            assertTrue(six.subList(0, 3).stream().allMatch(id -> id.startsWith("s-")), "ceil(6/2) = 3 small: " + six);
            assertTrue(six.subList(3, 6).stream().allMatch(id -> id.startsWith("m-") || id.equals("crowd")),
                    "then images with boxes: " + six);

            List<String> twelve = ExampleChoice.choose(truth(1), 12, seed);
            assertEquals(12, twelve.size());
            assertEquals(4, twelve.stream().filter(id -> id.startsWith("s-")).count(), "all 4 small: " + twelve);
            assertEquals(8, twelve.stream().filter(id -> id.startsWith("m-") || id.equals("crowd")).count(),
                    "then 8 of the 11 with boxes, no empty image: " + twelve);
        }
    }

    @Test
    void theSmallImagesFillInWhenTheOthersRunShort() {
        CocoGroundTruth truth = new CocoGroundTruth(List.of(new CocoImage("a", 99, 99), new CocoImage("b", 99, 99),
                new CocoImage("c", 99, 99), new CocoImage("d", 99, 99)), List.of("x"), List.of(
                        GroundTruthBox.of("a", 0, 1, 1, 5, 5, false), GroundTruthBox.of("b", 0, 1, 1, 5, 5, false),
                        GroundTruthBox.of("c", 0, 1, 1, 5, 5, false), GroundTruthBox.of("d", 0, 1, 1, 50, 50, false)));
        List<String> three = ExampleChoice.choose(truth, 3, 5);
        assertEquals(3, three.size());
        assertEquals("d", three.get(2), "ceil(3/2) = 2 small, then the one other image: " + three);
        List<String> four = ExampleChoice.choose(truth, 4, 5);
        assertEquals(Set.of("a", "b", "c"), new HashSet<>(four.subList(0, 3)), "3 small fill in: " + four);
        assertEquals("d", four.get(3));
        assertEquals(Set.of("a", "b", "c", "d"), new HashSet<>(ExampleChoice.choose(truth, 12, 5)),
                "fewer images than asked: all of them");
        assertEquals(List.of(), ExampleChoice.choose(truth, 0, 5));
    }

    @Test
    void theChoiceDependsOnTheSeedAndTheIdsNotTheFileOrder() {
        List<String> a = ExampleChoice.choose(truth(1), 8, 42);
        assertEquals(a, ExampleChoice.choose(truth(2), 8, 42), "same ids in another order");
        assertEquals(8, new HashSet<>(a).size(), "no image twice");
        List<List<String>> bySeed = new ArrayList<>();
        for (long seed = 0; seed < 5; seed++) {
            bySeed.add(ExampleChoice.choose(truth(1), 8, seed));
        }
        assertNotEquals(1, new HashSet<>(bySeed).size(), "five seeds, not all the same choice: " + bySeed);
    }
}
