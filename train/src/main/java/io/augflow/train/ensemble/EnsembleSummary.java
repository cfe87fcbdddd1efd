package io.augflow.train.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code augflow ensemble} built: the folder, the combiner, and the ensemble's and each member's figures on
 * the same validation rows.
 *
 * @param names         the members, in order
 * @param memberWeights each member's weight in the combination (stacking: its share of the coefficients)
 * @param validation    the ensemble's figures; null for a detector ensemble (nothing is fitted or scored)
 * @param members       each member's figures; empty for a detector ensemble
 */
public record EnsembleSummary(String output, CombineMethod method, String split, List<String> names,
        double[] memberWeights, ValidationFigures validation, List<ValidationFigures> members, double seconds) {

    public EnsembleSummary {
        names = List.copyOf(names);
        members = List.copyOf(members);
        memberWeights = memberWeights.clone();
    }

    /** The one-line summary the command prints. */
    public String describe() {
        if (validation == null) {
            return String.format(Locale.ROOT, "ensemble (%s of %d detectors): boxes pooled and merged by per-class"
                    + " NMS, nothing fitted, in %.1f s -> %s", method.key(), names.size(), seconds, output);
        }
        return String.format(Locale.ROOT, "ensemble (%s of %d members): %s macro-F1 %.4f, accuracy %.4f, log-loss"
                + " %.4f on %d %s rows%s in %.1f s -> %s", method.key(), names.size(), split, validation.macroF1(),
                validation.accuracy(), validation.logLoss(), validation.rows(), split,
                validation.outOfFold() ? " (out-of-fold)" : "", seconds, output);
    }

    /** One line per member: its weight and its own figures on the same rows. */
    public List<String> memberLines() {
        List<String> lines = new ArrayList<>();
        for (int m = 0; m < names.size() && m < members.size(); m++) {
            ValidationFigures f = members.get(m);
            lines.add(String.format(Locale.ROOT, "member %-24s weight %.3f  macro-F1 %.4f  accuracy %.4f  log-loss"
                    + " %.4f", names.get(m), memberWeights[m], f.macroF1(), f.accuracy(), f.logLoss()));
        }
        return lines;
    }
}
