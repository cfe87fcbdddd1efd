package io.augflow.train.tune;

/**
 * Whether a study looks for the lowest or the highest metric. Strategies and the rung rule work on a loss (lower is
 * better); {@link #loss} turns a metric into one, so each of them is written once.
 */
public enum Goal {
    MINIMIZE,
    MAXIMIZE;

    /** The metric as a loss: itself when minimising, its negation when maximising. */
    public double loss(double metric) {
        return this == MINIMIZE ? metric : -metric;
    }
}
