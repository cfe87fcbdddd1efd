package io.augflow.train.tune;

/**
 * What {@link AshaRule} decided for a trial after its latest epoch, and why (for the trial log and the report).
 */
public record RungDecision(Action action, String reason) {
    /** The four outcomes. */
    public enum Action {
        /** Not at a rung: train on. */
        CONTINUE,
        /** At a rung and among the best 1/eta of those that reached it: train on to the next rung. */
        PROMOTE,
        /** At a rung and not among the best 1/eta: stop the trial; its metric so far is its result. */
        STOP,
        /** The maximum resource is reached: the trial is done. */
        COMPLETE
    }

    /** Whether the trial should train another epoch. */
    public boolean trainOn() {
        return action == Action.CONTINUE || action == Action.PROMOTE;
    }
}
