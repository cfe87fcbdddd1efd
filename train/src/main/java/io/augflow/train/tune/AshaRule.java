package io.augflow.train.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Asynchronous successive halving (Li et al. 2020, "A system for massively parallel hyperparameter tuning"), as the
 * early-stopping rule of a study, with epochs as the resource. Rungs sit at {@code r, r·eta, r·eta², ...} epochs
 * below the maximum {@code R}. When a trial reaches a rung it is compared with every trial that has reached that
 * rung so far (itself included, whether they were later stopped or not): it goes on if it is among the best
 * {@code max(1, floor(n / eta))} of those {@code n}, and stops otherwise. No trial waits for others, so a trial
 * promoted early may turn out worse than later ones; that is ASHA's trade for never idling a worker.
 *
 * <p>A trial's score at a rung is its best metric over its first rung epochs (the epoch training would keep); a
 * NaN metric counts as the worst.
 */
public final class AshaRule {
    /** Configuration keys, named in errors. */
    public static final String MIN_KEY = "augflow.tune.halving.min-epochs";
    public static final String ETA_KEY = "augflow.tune.halving.reduction-factor";
    public static final String MAX_KEY = "augflow.tune.halving.max-epochs";

    private final int reductionFactor;
    private final int maxEpochs;
    private final Goal goal;
    private final List<Integer> rungs;

    public AshaRule(int minEpochs, int reductionFactor, int maxEpochs, Goal goal) {
        if (minEpochs < 1) {
            throw new IllegalArgumentException(MIN_KEY + " must be at least 1, got " + minEpochs);
        }
        if (reductionFactor < 2) {
            throw new IllegalArgumentException(ETA_KEY + " must be at least 2, got " + reductionFactor);
        }
        if (maxEpochs < minEpochs) {
            throw new IllegalArgumentException(MAX_KEY + " must be at least " + MIN_KEY + " = " + minEpochs
                    + ", got " + maxEpochs);
        }
        this.reductionFactor = reductionFactor;
        this.maxEpochs = maxEpochs;
        this.goal = Objects.requireNonNull(goal, "goal");
        List<Integer> at = new ArrayList<>();
        for (long r = minEpochs; r < maxEpochs; r *= reductionFactor) {
            at.add((int) r);
        }
        this.rungs = List.copyOf(at);
    }

    /** The epochs at which decisions are taken, ascending, all below the maximum. */
    public List<Integer> rungs() {
        return rungs;
    }

    /**
     * The decision for {@code trial} after its latest epoch. {@code curves} holds every trial of the study (the one
     * asked about included) with its validation metric per epoch so far, epoch 1 first.
     */
    public RungDecision decide(String trial, Map<String, List<Double>> curves) {
        List<Double> own = curves.get(trial);
        if (own == null) {
            throw new IllegalArgumentException("trial " + trial + " has no curve among " + curves.keySet());
        }
        int epochs = own.size();
        if (epochs >= maxEpochs) {
            return new RungDecision(RungDecision.Action.COMPLETE, "reached " + MAX_KEY + " = " + maxEpochs);
        }
        if (!rungs.contains(epochs)) {
            return new RungDecision(RungDecision.Action.CONTINUE, "epoch " + epochs + " is not a rung " + rungs);
        }
        double score = scoreAt(own, epochs);
        int reached = 0;
        int better = 0;
        for (List<Double> curve : curves.values()) {
            if (curve.size() >= epochs) {
                reached++;
                if (scoreAt(curve, epochs) < score) {
                    better++;
                }
            }
        }
        int keep = Math.max(1, reached / reductionFactor);
        String why = "rung " + epochs + " epochs: " + (better + 1) + " of " + reached + " reached it, the best "
                + keep + " go on";
        return new RungDecision(better < keep ? RungDecision.Action.PROMOTE : RungDecision.Action.STOP, why);
    }

    /** The best loss over the first {@code epochs} epochs; NaN counts as the worst. */
    private double scoreAt(List<Double> curve, int epochs) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < epochs; i++) {
            double v = curve.get(i);
            if (!Double.isNaN(v)) {
                best = Math.min(best, goal.loss(v));
            }
        }
        return best;
    }
}
