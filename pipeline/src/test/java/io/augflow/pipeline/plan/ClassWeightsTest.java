package io.augflow.pipeline.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.augflow.pipeline.stats.DatasetStats;
import org.junit.jupiter.api.Test;

class ClassWeightsTest {
    private static final long[] COUNTS = {100, 30, 5, 1, 0};
    private static final DatasetStats STATS = PlanFixtures.classification(0.99, COUNTS);

    @Test
    void inverseFrequencyWeighsImagesToAMeanOfOne() {
        ClassWeights w = ClassWeights.fit(STATS, ClassWeighting.INVERSE_FREQUENCY);
        // N = 136 images over C = 4 classes with images: w_c = 136 / (4 n_c)
        assertEquals(0.34, w.weight(0), 1e-12);
        assertEquals(34.0, w.weight(3), 1e-12);
        assertEquals(0.0, w.weight(4));
        double weighted = 0;
        for (int c = 0; c < COUNTS.length; c++) {
            weighted += COUNTS[c] * w.weight(c);
        }
        assertEquals(1.0, weighted / 136, 1e-12);
    }

    @Test
    void effectiveNumberWeightsAreInverseEffectiveNumbersSummingToTheClassCount() {
        ClassWeights w = ClassWeights.fit(STATS, ClassWeighting.EFFECTIVE_NUMBER);
        double beta = 0.99;
        double sum = 0;
        for (int c = 0; c < 4; c++) {
            sum += w.weight(c);
            for (int d = 0; d < 4; d++) {
                double ec = (1 - Math.pow(beta, COUNTS[c])) / (1 - beta);
                double ed = (1 - Math.pow(beta, COUNTS[d])) / (1 - beta);
                assertEquals(ed / ec, w.weight(c) / w.weight(d), 1e-9, c + " vs " + d);
            }
        }
        assertEquals(4.0, sum, 1e-9);
        assertEquals(0.0, w.weight(4));
    }

    @Test
    void noneIsOneEverywhereAndJsonRoundTrips() {
        ClassWeights none = ClassWeights.fit(STATS, ClassWeighting.NONE);
        assertArrayEquals(new double[] {1, 1, 1, 1, 0, 1}, none.toArray(6));
        ClassWeights w = ClassWeights.fit(STATS, ClassWeighting.EFFECTIVE_NUMBER);
        assertEquals(w, ClassWeights.fromJson(w.toJson()));
    }
}
