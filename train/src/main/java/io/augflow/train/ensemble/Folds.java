package io.augflow.train.ensemble;

import io.augflow.augment.random.RandomStreams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stratified k-fold assignment of a validation table's rows: within each class the rows are shuffled by a stream
 * keyed by (seed, class) and dealt round robin, continuing from class to class, so every fold gets each class's rows
 * in near-equal shares. The same seed and ids give the same folds.
 */
public final class Folds {
    private Folds() {}

    /**
     * The fold of each row, in {@code [0, k)}.
     *
     * @throws IllegalArgumentException when {@code k < 2} or there are fewer rows than folds
     */
    public static int[] assign(ValidationTable table, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("ensemble.folds must be >= 2, got " + k);
        }
        if (table.rows() < k) {
            throw new IllegalArgumentException("ensemble.folds = " + k + " needs at least " + k + " labelled"
                    + " validation rows, got " + table.rows());
        }
        int[] fold = new int[table.rows()];
        int next = 0;
        for (int c = 0; c < table.classes(); c++) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < table.rows(); i++) {
                if (table.label(i) == c) {
                    rows.add(i);
                }
            }
            SplittableRandom rng = RandomStreams.forSample(seed, 0, "ensemble-folds-class-" + c, 0);
            for (int i = rows.size() - 1; i > 0; i--) { // Fisher-Yates: a uniform shuffle
                int j = rng.nextInt(i + 1);
                Integer t = rows.get(i);
                rows.set(i, rows.get(j));
                rows.set(j, t);
            }
            for (int r : rows) {
                fold[r] = next;
                next = (next + 1) % k;
            }
        }
        return fold;
    }

    /** The rows of {@code fold} ({@code inside}) or of every other fold. */
    static int[] rows(int[] folds, int fold, boolean inside) {
        return java.util.stream.IntStream.range(0, folds.length).filter(i -> (folds[i] == fold) == inside).toArray();
    }
}
