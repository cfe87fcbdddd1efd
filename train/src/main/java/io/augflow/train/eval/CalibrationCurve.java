package io.augflow.train.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier's reliability diagram and expected calibration error (Guo et al., 2017): each prediction's confidence
 * (the top class's probability) falls in one of {@code bins} equal-width bins of [0, 1], bin {@code b} holding
 * confidences in {@code (b/bins, (b+1)/bins]} (a confidence of exactly 0 goes to the first bin); per bin the mean
 * confidence, the accuracy of its predictions and their count;
 * {@code ECE = sum over bins of count_b / N * |accuracy_b - confidence_b|}. An empty bin contributes nothing and
 * reports 0 for both figures.
 *
 * @param examples   predictions counted, N
 * @param ece        the expected calibration error, in [0, 1]; 0 when there is no prediction
 * @param bins       one entry per bin, lowest confidence first
 */
public record CalibrationCurve(
        @JsonProperty("examples") long examples,
        @JsonProperty("ece") double ece,
        @JsonProperty("bins") List<Bin> bins) {

    /** The usual bin count of a reliability diagram (Guo et al. use 15). */
    public static final int DEFAULT_BINS = 15;

    /**
     * One bin of the diagram.
     *
     * @param lower      the bin's lower edge (excluded, except 0)
     * @param upper      its upper edge (included)
     * @param count      predictions whose confidence falls in it
     * @param confidence their mean confidence; 0 when the bin is empty
     * @param accuracy   the share of them that are right; 0 when the bin is empty
     */
    public record Bin(@JsonProperty("lower") double lower, @JsonProperty("upper") double upper,
            @JsonProperty("count") long count, @JsonProperty("confidence") double confidence,
            @JsonProperty("accuracy") double accuracy) {}

    public CalibrationCurve {
        bins = List.copyOf(bins);
    }

    /**
     * The bin of {@code confidence} among {@code bins} equal-width bins: {@code ceil(confidence * bins) - 1}, so the
     * upper edge belongs to its bin, clamped to the first and the last bin.
     *
     * @throws IllegalArgumentException when the confidence is not in [0, 1] (NaN included)
     */
    public static int binOf(double confidence, int bins) {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("a confidence must be in [0, 1], got " + confidence);
        }
        return Math.max(0, Math.min(bins - 1, (int) Math.ceil(confidence * bins) - 1));
    }

    /**
     * Sums per bin, filled one prediction at a time and merged across Spark tasks; {@link #curve()} turns them into
     * the diagram. Mutable by design: it lives inside one task or one driver call.
     */
    public static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[] counts;
        private final long[] correct;
        private final double[] confidenceSums;

        /** @param bins the bin count, >= 1 */
        public Tally(int bins) {
            if (bins < 1) {
                throw new IllegalArgumentException("calibration bins must be >= 1, got " + bins);
            }
            counts = new long[bins];
            correct = new long[bins];
            confidenceSums = new double[bins];
        }

        /** Counts one prediction of {@code confidence}, right or not. */
        public Tally add(double confidence, boolean right) {
            int b = binOf(confidence, counts.length);
            counts[b]++;
            confidenceSums[b] += confidence;
            if (right) {
                correct[b]++;
            }
            return this;
        }

        /** Adds {@code other}'s sums to this one's and returns this one. */
        public Tally merge(Tally other) {
            if (other.counts.length != counts.length) {
                throw new IllegalArgumentException("cannot merge calibration tallies of " + counts.length + " and "
                        + other.counts.length + " bins");
            }
            for (int b = 0; b < counts.length; b++) {
                counts[b] += other.counts[b];
                correct[b] += other.correct[b];
                confidenceSums[b] += other.confidenceSums[b];
            }
            return this;
        }

        public CalibrationCurve curve() {
            int n = counts.length;
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            List<Bin> out = new ArrayList<>(n);
            double ece = 0;
            for (int b = 0; b < n; b++) {
                double confidence = counts[b] == 0 ? 0 : confidenceSums[b] / counts[b];
                double accuracy = counts[b] == 0 ? 0 : (double) correct[b] / counts[b];
                out.add(new Bin((double) b / n, (double) (b + 1) / n, counts[b], confidence, accuracy));
                if (counts[b] > 0) {
                    ece += (double) counts[b] / total * Math.abs(accuracy - confidence);
                }
            }
            return new CalibrationCurve(total, ece, out);
        }
    }
}
