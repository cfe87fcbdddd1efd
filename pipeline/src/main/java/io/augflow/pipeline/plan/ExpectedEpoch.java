package io.augflow.pipeline.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.augflow.pipeline.stats.ClassStats;
import io.augflow.pipeline.stats.DatasetStats;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expected size of one epoch under a {@link SamplingPlan}, computed on the driver from statistics alone
 * (no job, no row): what a trainer needs to size its steps before the epoch's rows exist.
 *
 * <p>Every row of primary class c uses the same expected factor, split only by whether it has a small
 * object, so per class {@code E = (n_c - s_c) * f(c, no small) + s_c * f(c, small)} with {@code n_c} =
 * {@link ClassStats#primaryImages()} and {@code s_c} = {@link ClassStats#primaryImagesWithSmall()}:
 * <ul>
 *   <li>count strategies: {@code f = T_c / n_c} either way (which rows get the extra use is a uniform hash
 *       ranking, so each row's expectation is the class's share);</li>
 *   <li>repeat-factor: {@code f = r(c)}, because the LVIS image factor, the max of {@code r} over the image's
 *       classes, is {@code r} of its rarest class, its primary one ({@code r} falls as a class's images grow);
 *       combined with small-object, {@code f(c, small) = max(r(c), k)};</li>
 *   <li>small-object: {@code f = k} with a small object, 1 without; none: 1.</li>
 * </ul>
 * Rows of no class are used once. Exact for count strategies' totals, an expectation for the stochastic
 * rounding of repeat-factor.
 *
 * @param rows expected samples in the epoch
 * @param smallObjectRows expected uses of rows with a small object
 * @param rowsByPrimary expected uses of rows by primary class
 */
public record ExpectedEpoch(
        @JsonProperty("rows") double rows,
        @JsonProperty("smallObjectRows") double smallObjectRows,
        @JsonProperty("rowsByPrimary") Map<Integer, Double> rowsByPrimary) {

    public ExpectedEpoch {
        rowsByPrimary = Map.copyOf(rowsByPrimary);
    }

    /** The expected epoch of {@code plan} over the rows {@code stats} describes. */
    public static ExpectedEpoch of(SamplingPlan plan, DatasetStats stats) {
        Map<Integer, Double> byPrimary = new TreeMap<>();
        double rows = 0;
        double smallRows = 0;
        long classified = 0;
        for (ClassStats c : stats.classes()) {
            long n = c.primaryImages();
            if (n == 0) {
                continue;
            }
            long withSmall = c.primaryImagesWithSmall();
            double plain;
            double small;
            if (plan.strategy().exact()) {
                plain = (double) plan.targetFor(c.classId(), n) / n;
                small = plain;
            } else {
                int[] only = {c.classId()};
                plain = plan.rowRepeatFactor(only, false);
                small = plan.rowRepeatFactor(only, true);
            }
            double expected = (n - withSmall) * plain + withSmall * small;
            byPrimary.put(c.classId(), expected);
            rows += expected;
            smallRows += withSmall * small;
            classified += n;
        }
        rows += Math.max(0, stats.images() - classified);
        return new ExpectedEpoch(rows, smallRows, byPrimary);
    }

    /** Expected uses of rows whose primary class is {@code classId} (0 when none). */
    public double rowsOfPrimary(int classId) {
        return rowsByPrimary.getOrDefault(classId, 0.0);
    }
}
