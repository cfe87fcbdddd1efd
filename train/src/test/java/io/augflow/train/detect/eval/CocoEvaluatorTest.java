package io.augflow.train.detect.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-worked cases. Notation: detections ranked by score; per rank tp/fp cumulative, recall rc = tp / (counted
 * ground truths), precision pr = tp / (tp + fp), then pr made non-increasing from the right; at recall threshold
 * r/100 (r = 0..100) precision is pr at the first rank with rc >= r/100, 0 if none. A class's AP is the mean over
 * the 10 IoU thresholds of the mean over the 101 recall thresholds. With the boxes below every match has IoU 1
 * (the same IoU at every threshold) unless said otherwise.
 */
class CocoEvaluatorTest {
    private static final double TIGHT = 1e-12;
    private static final String IMAGE = "img-1";

    private final List<GroundTruthBox> truths = new ArrayList<>();
    private final List<Detection> detections = new ArrayList<>();

    private void gt(int classId, double x, double y, double w, double h) {
        truths.add(GroundTruthBox.of(IMAGE, classId, x, y, w, h, false));
    }

    private void crowd(int classId, double x, double y, double w, double h) {
        truths.add(GroundTruthBox.of(IMAGE, classId, x, y, w, h, true));
    }

    private void det(int classId, double x, double y, double w, double h, double score) {
        detections.add(new Detection(IMAGE, classId, x, y, w, h, score));
    }

    private CocoMetrics evaluate() {
        CocoGroundTruth gt = CocoGroundTruth.of(List.of(new CocoImage(IMAGE, 640, 480), new CocoImage("img-2", 640,
                480)), List.of("cat", "dog"), truths);
        return CocoEvaluator.evaluate(gt, detections);
    }

    @Test
    void perfectDetectionsScoreOne() {
        gt(0, 10, 10, 50, 50);
        gt(0, 100, 100, 50, 50);
        det(0, 10, 10, 50, 50, 0.9);
        det(0, 100, 100, 50, 50, 0.8);
        CocoMetrics m = evaluate();
        // rc = [.5, 1], pr = [1, 1]: precision 1 at every recall threshold and IoU threshold
        assertEquals(1.0, m.ap(), TIGHT);
        assertEquals(1.0, m.ap50(), TIGHT);
        assertEquals(1.0, m.ap75(), TIGHT);
        assertEquals(1.0, m.ar100(), TIGHT);
        assertEquals(1.0, m.ar10(), TIGHT);
        // one detection per image: recall 1/2
        assertEquals(0.5, m.ar1(), TIGHT);
        // both objects are 50x50 = 2500 px: medium; no small or large objects, no "dog" objects: -1
        assertEquals(1.0, m.apMedium(), TIGHT);
        assertEquals(-1.0, m.apSmall());
        assertEquals(-1.0, m.apLarge());
        assertEquals(-1.0, m.arSmall());
        assertEquals(-1.0, m.perClass(1).ap());
        assertEquals(2, m.perClass(0).groundTruths());
    }

    @Test
    void aShiftedBoxCountsOnlyUpToItsIou() {
        gt(0, 0, 0, 100, 100);
        det(0, 0, 0, 60, 100, 0.9);
        CocoMetrics m = evaluate();
        // IoU = 60*100 / (6000 + 10000 - 6000) = 0.6: a match at IoU thresholds .50, .55, .60 (precision 1 at every
        // recall threshold), none at .65 ... .95 (rc = 0, pr = 0): AP = 3/10
        assertEquals(0.3, m.ap(), TIGHT);
        assertEquals(1.0, m.ap50(), TIGHT);
        assertEquals(0.0, m.ap75(), TIGHT);
        assertEquals(0.3, m.ar100(), TIGHT);
    }

    @Test
    void aBoxOnTheSeventyFivePercentEdgeCountsAtSeventyFive() {
        gt(0, 0, 0, 100, 100);
        det(0, 0, 0, 75, 100, 0.9);
        CocoMetrics m = evaluate();
        // IoU = 7500 / 10000 = 0.75 >= .75: thresholds .50 ... .75 match, 6 of 10
        assertEquals(0.6, m.ap(), TIGHT);
        assertEquals(1.0, m.ap75(), TIGHT);
    }

    @Test
    void aDuplicateIsAFalsePositive() {
        gt(0, 0, 0, 50, 50);
        gt(0, 200, 200, 50, 50);
        det(0, 0, 0, 50, 50, 0.9);
        det(0, 0, 0, 50, 50, 0.8); // the same object again: its ground truth is taken
        det(0, 200, 200, 50, 50, 0.7);
        CocoMetrics m = evaluate();
        // TP, FP, TP: rc = [.5, .5, 1], pr = [1, 1/2, 2/3] -> [1, 2/3, 2/3]
        // r = 0..50 (rc .5 reaches .50): 1; r = 51..100: 2/3. AP = (51 + 50 * 2/3) / 101 = 253/303
        assertEquals(253.0 / 303, m.ap(), TIGHT);
        assertEquals(1.0, m.ar100(), TIGHT);
    }

    @Test
    void aMissedObjectCapsRecall() {
        gt(0, 0, 0, 50, 50);
        gt(0, 200, 200, 50, 50);
        det(0, 0, 0, 50, 50, 0.9);
        CocoMetrics m = evaluate();
        // rc = [.5], pr = [1]: r = 0..50 -> 1, r = 51..100 -> 0 (recall never reaches them). AP = 51/101
        assertEquals(51.0 / 101, m.ap(), TIGHT);
        assertEquals(0.5, m.ar100(), TIGHT);
        assertEquals(0.5, m.perClass(0).recall50(), TIGHT);
    }

    @Test
    void theWrongClassIsAFalsePositiveOfItsOwnClassOnly() {
        gt(0, 0, 0, 50, 50);
        gt(1, 300, 300, 50, 50); // a dog nobody finds
        det(0, 0, 0, 50, 50, 0.5);
        det(1, 0, 0, 50, 50, 0.9); // "dog" on the cat
        CocoMetrics m = evaluate();
        // cat: its one detection matches, AP 1. dog: rc = [0], pr = [0]; threshold 0 is reached at rank 0 with
        // precision 0, the rest never: AP 0. Overall AP = mean(1, 0)
        assertEquals(1.0, m.perClass(0).ap(), TIGHT);
        assertEquals(0.0, m.perClass(1).ap(), TIGHT);
        assertEquals(0.5, m.ap(), TIGHT);
        assertEquals(0.0, m.perClass(1).recall50(), TIGHT);
    }

    @Test
    void detectionsOnACrowdAreIgnoredNotFalsePositives() {
        gt(0, 0, 0, 50, 50);
        crowd(0, 200, 200, 200, 200);
        det(0, 220, 220, 40, 40, 0.9); // inside the crowd: IoU = intersection / own area = 1
        det(0, 300, 300, 40, 40, 0.8); // also inside: a crowd takes any number of detections
        det(0, 0, 0, 50, 50, 0.5);
        CocoMetrics m = evaluate();
        // ignored, ignored, TP; counted ground truths 1 (the crowd is not one): rc = [0, 0, 1], pr = [0, 0, 1]
        // -> [1, 1, 1]: AP 1 (were they false positives, pr = [0, 0, 1/3] and AP = 1/3)
        assertEquals(1.0, m.ap(), TIGHT);
        assertEquals(1.0, m.ar100(), TIGHT);
        assertEquals(1, m.perClass(0).groundTruths());
    }

    @Test
    void aDetectionHalfOnACrowdIsAFalsePositive() {
        gt(0, 0, 0, 50, 50);
        crowd(0, 200, 200, 200, 200);
        det(0, 380, 380, 40, 40, 0.9); // 20x20 of its 40x40 inside: IoU with the crowd 400/1600 = .25 < .5
        det(0, 0, 0, 50, 50, 0.5);
        CocoMetrics m = evaluate();
        // FP, TP: rc = [0, 1], pr = [0, 1/2] -> [1/2, 1/2]: AP = 1/2
        assertEquals(0.5, m.ap(), TIGHT);
    }

    @Test
    void sizeBucketsIncludeTheirBoundsAndIgnoreWhatIsOutside() {
        gt(0, 0, 0, 20, 20); // 400 px: small
        gt(0, 100, 100, 50, 50); // 2500 px: medium, missed
        gt(0, 300, 300, 32, 32); // exactly 1024 px: small and medium
        det(0, 0, 0, 20, 20, 0.9);
        det(0, 500, 10, 10, 10, 0.8); // 100 px, on nothing
        det(0, 300, 300, 32, 32, 0.7);
        CocoMetrics m = evaluate();
        // all: TP, FP, TP of 3: rc = [1/3, 1/3, 2/3], pr = [1, 1/2, 2/3] -> [1, 2/3, 2/3];
        //   r = 0..33: 1 (34), r = 34..66: 2/3 (33), r = 67..100: 0. AP = (34 + 22) / 101
        assertEquals(56.0 / 101, m.ap(), TIGHT);
        // small (the 2500 px object ignored): TP, FP, TP of 2: as the duplicate case, (51 + 50 * 2/3) / 101
        assertEquals(253.0 / 303, m.apSmall(), TIGHT);
        assertEquals(1.0, m.arSmall(), TIGHT);
        // medium: the 400 px detection matches an ignored object (ignored); the 100 px one matches nothing and lies
        //   outside the range (ignored); the 1024 px one is a TP of 2: rc = [0, 0, .5], pr -> [1, 1, 1]: 51/101
        assertEquals(51.0 / 101, m.apMedium(), TIGHT);
        assertEquals(0.5, m.arMedium(), TIGHT);
        // large: no object: -1
        assertEquals(-1.0, m.apLarge());
        assertEquals(-1.0, m.arLarge());
    }

    @Test
    void precisionIsInterpolatedAtTheHundredAndOneRecallPoints() {
        gt(0, 0, 0, 50, 50);
        gt(0, 200, 200, 50, 50);
        det(0, 0, 0, 50, 50, 0.9);
        det(0, 400, 0, 50, 50, 0.8);
        det(0, 400, 100, 50, 50, 0.7);
        det(0, 200, 200, 50, 50, 0.6);
        CocoMetrics m = evaluate();
        // TP, FP, FP, TP: rc = [.5, .5, .5, 1], pr = [1, 1/2, 1/3, 1/2] -> [1, 1/2, 1/2, 1/2]
        // r = 0..50: 1; r = 51..100: 1/2. AP = (51 + 25) / 101
        assertEquals(76.0 / 101, m.ap(), TIGHT);
        List<Double> curve = m.perClass(0).precision50();
        for (int r = 0; r <= 100; r++) {
            assertEquals(r <= 50 ? 1.0 : 0.5, curve.get(r), TIGHT, "precision at recall " + r + "/100");
        }
        assertEquals(76.0 / 101, m.perClass(0).ap50(), TIGHT);
        // "dog" has no objects: its curve is all -1
        assertEquals(List.of(-1.0), m.perClass(1).precision50().stream().distinct().toList());
    }

    @Test
    void aRecallOfSevenTwentiethsFallsShortOfNumpysThirtySixthThreshold() {
        for (int i = 0; i < 20; i++) {
            gt(0, (i % 10) * 60, (i / 10) * 60, 50, 50);
        }
        for (int i = 0; i < 7; i++) {
            det(0, i * 60, 0, 50, 50, 0.9 - i * 0.01);
        }
        CocoMetrics m = evaluate();
        // rc ends at 7/20 = 0.35, but numpy's 36th threshold is 35 * 0.01 = 0.35000000000000003: precision 1 at
        // r = 0..34 only. AP = 35/101 (not 36/101)
        assertEquals(35.0 / 101, m.ap(), TIGHT);
    }

    @Test
    void detectionsOnImagesOrClassesOutsideTheGroundTruthAreLeftOut() {
        gt(0, 0, 0, 50, 50);
        det(0, 0, 0, 50, 50, 0.5);
        detections.add(new Detection("not-listed", 0, 0, 0, 50, 50, 0.99));
        detections.add(new Detection(IMAGE, 7, 0, 0, 50, 50, 0.99));
        CocoMetrics m = evaluate();
        assertEquals(1.0, m.ap(), TIGHT);
    }

    @Test
    void detectionsOnAnImageWithoutObjectsAreFalsePositives() {
        gt(0, 0, 0, 50, 50);
        det(0, 0, 0, 50, 50, 0.5);
        detections.add(new Detection("img-2", 0, 0, 0, 50, 50, 0.9));
        CocoMetrics m = evaluate();
        // FP (img-2), TP: rc = [0, 1], pr = [0, 1/2] -> [1/2, 1/2]: AP 1/2
        assertEquals(0.5, m.ap(), TIGHT);
    }

    @Test
    void onlyTheHundredBestDetectionsOfAnImageCount() {
        gt(0, 0, 0, 50, 50);
        for (int i = 0; i < 100; i++) {
            det(0, 500, 300, 10, 10, 0.9); // 100 false positives, all scored above the hit
        }
        det(0, 0, 0, 50, 50, 0.5); // 101st: cut
        CocoMetrics m = evaluate();
        assertEquals(0.0, m.ap(), TIGHT);
        assertEquals(0.0, m.ar100(), TIGHT);
    }

    @Test
    void equalScoresKeepTheirInputOrder() {
        gt(0, 0, 0, 50, 50);
        det(0, 400, 400, 50, 50, 0.7); // a false positive first ...
        det(0, 0, 0, 50, 50, 0.7); // ... then the hit, at the same score
        CocoMetrics m = evaluate();
        // FP, TP: pr = [0, 1/2] -> [1/2, 1/2]: AP 1/2 (the other order would give 1)
        assertEquals(0.5, m.ap(), TIGHT);
    }
}
