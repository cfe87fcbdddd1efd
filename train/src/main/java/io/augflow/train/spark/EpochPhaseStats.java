package io.augflow.train.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.stats.EventStats;

/**
 * Where one epoch's parameter-averaging time went, from DL4J's training statistics
 * ({@code train.collect-stats = true}): for every timed phase DL4J records (on the driver: the parameter broadcast,
 * the count and split of the round's paths, the aggregation; on the workers: getting the broadcast model, loading
 * each minibatch, fitting it), how many events and their total milliseconds. With the driver's wall time of the
 * rounds this shows the share of Spark's overhead against fitting, per epoch.
 *
 * @param epoch        0-based
 * @param rounds       averaging rounds run
 * @param roundsMillis driver wall time of all rounds of the epoch
 * @param phases       DL4J statistic key to its event count and summed duration (nested worker statistics
 *                     included, keys unchanged); summed over workers, so worker phases can exceed the wall time
 */
public record EpochPhaseStats(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("rounds") int rounds,
        @JsonProperty("roundsMillis") long roundsMillis,
        @JsonProperty("phases") Map<String, Phase> phases) {

    /** A phase: how many timed events and their total duration. */
    public record Phase(@JsonProperty("events") long events, @JsonProperty("millis") long millis) {
        Phase plus(long duration) {
            return new Phase(events + 1, millis + duration);
        }
    }

    /**
     * Sums the events of {@code stats} (null when DL4J collected none). DL4J's master statistics already list
     * and answer for the keys of their nested worker statistics, so only the top level is walked.
     */
    public static EpochPhaseStats of(int epoch, int rounds, long roundsMillis, SparkTrainingStats stats) {
        Map<String, Phase> phases = new TreeMap<>();
        if (stats != null) {
            for (String key : stats.getKeySet()) {
                List<EventStats> events = stats.getValue(key);
                if (events == null) {
                    continue;
                }
                Phase phase = new Phase(0, 0);
                for (EventStats e : events) {
                    phase = phase.plus(e.getDurationMs());
                }
                phases.put(key, phase);
            }
        }
        return new EpochPhaseStats(epoch, rounds, roundsMillis, phases);
    }
}
