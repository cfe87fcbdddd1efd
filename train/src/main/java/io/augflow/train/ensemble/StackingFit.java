package io.augflow.train.ensemble;

/**
 * Fits stacking's meta-model: a softmax regression with L2 on the members' validation probabilities.
 */
public final class StackingFit {
    private StackingFit() {}

    /** The meta-model fitted on every row of {@code table}. */
    public static StackingCombiner fit(ValidationTable table, double l2) {
        double[][] x = new double[table.rows()][];
        int[] labels = new int[table.rows()];
        for (int i = 0; i < x.length; i++) {
            x[i] = StackingCombiner.features(table.row(i));
            labels[i] = table.label(i);
        }
        return new StackingCombiner(SoftmaxRegression.fit(x, labels, table.classes(), l2));
    }
}
