package io.augflow.train.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a combiner on a validation table and scores it honestly. Vote and average learn nothing from the labels:
 * they are scored on every row. Weighted and stacking are <em>cross-fitted</em>: the rows are split into k folds
 * ({@link Folds}); for each fold a combiner fitted on the other folds predicts it, and those out-of-fold predictions
 * are what the ensemble's validation figures are computed from, so a combiner is never judged on rows it was fitted
 * on. The combiner kept is then fitted on all the rows.
 */
public final class EnsembleFitter {
    private EnsembleFitter() {}

    public static FittedEnsemble fit(ValidationTable table, List<String> classes, EnsembleFitConf conf) {
        if (classes.size() != table.classes()) {
            throw new IllegalArgumentException("the table has " + table.classes() + " classes, the names are "
                    + classes);
        }
        Combiner combiner = fitOn(table, conf);
        double[][] predicted;
        if (conf.method().fitted()) {
            predicted = outOfFold(table, conf);
        } else {
            predicted = apply(combiner, table);
        }
        List<ValidationFigures> members = new ArrayList<>();
        for (int m = 0; m < table.members(); m++) {
            ValidationTable alone = table.member(m);
            double[][] p = new double[alone.rows()][];
            for (int i = 0; i < p.length; i++) {
                p[i] = alone.row(i)[0];
            }
            members.add(ValidationFigures.of(p, table.labels(), classes, false));
        }
        return new FittedEnsemble(combiner, ValidationFigures.of(predicted, table.labels(), classes,
                conf.method().fitted()), members);
    }

    /** Each row predicted by a combiner fitted on the other folds. */
    public static double[][] outOfFold(ValidationTable table, EnsembleFitConf conf) {
        int[] folds = Folds.assign(table, conf.folds(), conf.seed());
        double[][] predicted = new double[table.rows()][];
        for (int f = 0; f < conf.folds(); f++) {
            int[] held = Folds.rows(folds, f, true);
            Combiner c = fitOn(table.subset(Folds.rows(folds, f, false)), conf);
            for (int i : held) {
                predicted[i] = c.combine(table.row(i));
            }
        }
        return predicted;
    }

    /** {@code combiner} on every row. */
    public static double[][] apply(Combiner combiner, ValidationTable table) {
        double[][] p = new double[table.rows()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = combiner.combine(table.row(i));
        }
        return p;
    }

    private static Combiner fitOn(ValidationTable table, EnsembleFitConf conf) {
        return switch (conf.method()) {
            case VOTE -> new HardVote();
            case AVERAGE -> new SoftAverage();
            case WEIGHTED -> WeightSearch.fit(table);
            case STACKING -> StackingFit.fit(table, conf.l2());
            case NMS -> throw new IllegalArgumentException("--combine nms combines detectors; these members are"
                    + " classifiers: use vote, average, weighted or stacking");
        };
    }
}
