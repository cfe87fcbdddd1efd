package io.augflow.train.predict;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The k most probable classes of one image, most probable first (equal probabilities: lower class index first), with
 * their probabilities. The first is the prediction: the argmax.
 *
 * @param classes       class indices, {@code min(k, classes)} of them
 * @param probabilities their probabilities, non-increasing
 */
public record ClassPrediction(int[] classes, float[] probabilities) {

    public ClassPrediction {
        if (classes.length == 0 || classes.length != probabilities.length) {
            throw new IllegalArgumentException("a prediction needs as many probabilities as classes, at least one, got "
                    + classes.length + " classes and " + probabilities.length + " probabilities");
        }
        classes = classes.clone();
        probabilities = probabilities.clone();
    }

    /**
     * The top {@code k} of {@code probabilities} (one per class).
     *
     * @throws IllegalArgumentException when {@code k < 1}
     */
    public static ClassPrediction top(float[] probabilities, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k must be >= 1, got " + k);
        }
        int[] order = IntStream.range(0, probabilities.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> probabilities[i]).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .limit(k).mapToInt(Integer::intValue).toArray();
        float[] p = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            p[i] = probabilities[order[i]];
        }
        return new ClassPrediction(order, p);
    }

    /** The predicted class: the most probable one. */
    public int predicted() {
        return classes[0];
    }

    /** The predicted class's probability. */
    public float score() {
        return probabilities[0];
    }

    @Override
    public int[] classes() {
        return classes.clone();
    }

    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassPrediction p && Arrays.equals(classes, p.classes)
                && Arrays.equals(probabilities, p.probabilities);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(classes) + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "ClassPrediction" + Arrays.toString(classes) + Arrays.toString(probabilities);
    }
}
