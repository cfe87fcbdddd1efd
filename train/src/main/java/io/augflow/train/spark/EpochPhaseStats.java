package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one epoch's training time went ({@code train.collect-stats = true}, written to {@code training-stats.json}):
 * for every timed phase of the averaging rounds, how many times it ran and its total milliseconds. Driver phases
 * ({@code driver.broadcast}: packing and broadcasting the parameters; {@code driver.job}: the Spark job of the round,
 * wall time; {@code driver.average}: averaging the results into the network) run once per round; worker phases
 * ({@code worker.setup}: taking a network and loading the parameters; {@code worker.wait-data}: waiting for the next
 * minibatch to be read, decoded and augmented; {@code worker.fit}; {@code worker.result}: copying the parameters out)
 * once per worker and round, summed over workers, so they can exceed the wall time.
 *
 * @param epoch        0-based
 * @param rounds       averaging rounds run
 * @param roundsMillis driver wall time of all rounds of the epoch
 * @param phases       phase name to its count and summed duration
 */
public record EpochPhaseStats(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("rounds") int rounds,
        @JsonProperty("roundsMillis") long roundsMillis,
        @JsonProperty("phases") Map<String, Phase> phases) {

    /** A phase: how many timed events and their total duration. */
    public record Phase(@JsonProperty("events") long events, @JsonProperty("millis") long millis) {}

    /** Accumulates the rounds of one epoch. */
    public static final class Builder {
        private final int epoch;
        private final Map<String, Phase> phases = new TreeMap<>();
        private int rounds;

        public Builder(int epoch) {
            this.epoch = epoch;
        }

        /** One round's phases; worker phases arrive summed over its {@code workers}. */
        public void add(Map<String, Long> roundPhases, int workers) {
            rounds++;
            roundPhases.forEach((name, millis) -> {
                long events = name.startsWith("worker.") ? workers : 1;
                phases.merge(name, new Phase(events, millis),
                        (a, b) -> new Phase(a.events() + b.events(), a.millis() + b.millis()));
            });
        }

        public EpochPhaseStats build(long roundsMillis) {
            return new EpochPhaseStats(epoch, rounds, roundsMillis, Map.copyOf(phases));
        }
    }
}
