package io.augflow.train.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogitAdjustmentTest {

    /**
     * Prior 90 : 10 = (0.9, 0.1). p = (0.6, 0.4), tau 1: (0.6 / 0.9, 0.4 / 0.1) = (2/3, 4), sum 14/3 -> (1/7, 6/7):
     * the rare class wins. tau 0.5: 0.6 / sqrt(0.9) : 0.4 / sqrt(0.1) = 1 : 2 -> (1/3, 2/3).
     */
    @Test
    void handComputedProbabilities() {
        float[][] p = {{0.6f, 0.4f}, {0.95f, 0.05f}};
        float[][] one = new LogitAdjustment(1, List.of(90L, 10L)).apply(p);
        assertArrayEquals(new float[] {1f / 7, 6f / 7}, one[0], 1e-6f);
        // (0.95 / 0.9, 0.05 / 0.1) = (19/18, 1/2), sum 28/18 -> (19/28, 9/28): the common class stays
        assertArrayEquals(new float[] {19f / 28, 9f / 28}, one[1], 1e-6f);
        assertArrayEquals(new float[] {1f / 3, 2f / 3}, new LogitAdjustment(0.5, List.of(90L, 10L)).apply(p)[0], 1e-6f);
        assertArrayEquals(new float[] {0.6f, 0.4f}, p[0], "the input is untouched");
        assertSame(p, LogitAdjustment.NONE.apply(p));
    }

    /** A uniform prior changes nothing; adjusted rows still sum to 1; order among equal-prior classes is kept. */
    @Test
    void uniformPriorIsTheIdentityAndRowsStayDistributions() {
        Random random = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            float[] row = new float[4];
            float sum = 0;
            for (int k = 0; k < 4; k++) {
                row[k] = 0.01f + random.nextFloat();
                sum += row[k];
            }
            for (int k = 0; k < 4; k++) {
                row[k] /= sum;
            }
            assertArrayEquals(row, new LogitAdjustment(1, List.of(5L, 5L, 5L, 5L)).apply(new float[][] {row})[0],
                    1e-6f);
            float[] adjusted = new LogitAdjustment(1.5, List.of(100L, 30L, 30L, 2L)).apply(new float[][] {row})[0];
            double total = 0;
            for (float a : adjusted) {
                total += a;
            }
            assertEquals(1.0, total, 1e-5);
            assertEquals(row[1] > row[2], adjusted[1] > adjusted[2]);
        }
    }

    @Test
    void badValuesNameTheOptionAndTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LogitAdjustment(-1, List.of(1L, 2L)))
                .getMessage().startsWith("augflow.predict.logit-adjustment.tau (--logit-adjust) must be a finite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LogitAdjustment(1, List.of()))
                .getMessage().contains("the model.json has no 'prior'"));
        assertEquals("logit adjustment: the model has 3 classes but its prior 2: [1, 2]",
                assertThrows(IllegalArgumentException.class, () -> new LogitAdjustment(1, List.of(1L, 2L))
                        .apply(new float[][] {{0.2f, 0.3f, 0.5f}})).getMessage());
    }
}
