package io.augflow.train.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The top-k of a probability vector: sorted, argmax first, ties by class index, capped at the class count. */
class ClassPredictionTest {

    @Test
    void topKOfAHandMadeVectorBreaksTiesByClassIndex() {
        ClassPrediction p = ClassPrediction.top(new float[] {0.1f, 0.3f, 0.05f, 0.3f, 0.25f}, 3);
        assertArrayEquals(new int[] {1, 3, 4}, p.classes());
        assertArrayEquals(new float[] {0.3f, 0.3f, 0.25f}, p.probabilities());
        assertEquals(1, p.predicted());
        assertEquals(0.3f, p.score());
    }

    @Test
    void kLargerThanTheClassCountKeepsEveryClass() {
        assertArrayEquals(new int[] {1, 0}, ClassPrediction.top(new float[] {0.4f, 0.6f}, 5).classes());
        assertThrows(IllegalArgumentException.class, () -> ClassPrediction.top(new float[] {1f}, 0));
    }

    /** Property over random softmax vectors: non-increasing, sum <= 1, first = argmax found by a plain scan. */
    @Test
    void onRandomSoftmaxVectorsTheTopKIsSortedAndStartsWithTheArgmax() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rng.nextInt(12);
            int k = 1 + rng.nextInt(15);
            float[] p = new float[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = (float) Math.exp(rng.nextGaussian() * 3);
                sum += p[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] /= (float) sum;
            }
            int argmax = 0;
            for (int i = 1; i < n; i++) {
                if (p[i] > p[argmax]) {
                    argmax = i;
                }
            }
            ClassPrediction top = ClassPrediction.top(p, k);
            assertEquals(Math.min(k, n), top.classes().length);
            assertEquals(argmax, top.predicted());
            double kept = 0;
            for (int i = 0; i < top.classes().length; i++) {
                assertEquals(p[top.classes()[i]], top.probabilities()[i]);
                assertTrue(i == 0 || top.probabilities()[i] <= top.probabilities()[i - 1]);
                kept += top.probabilities()[i];
            }
            assertTrue(kept <= 1 + 1e-5, "top-k probabilities sum to at most 1: " + kept);
        }
    }
}
