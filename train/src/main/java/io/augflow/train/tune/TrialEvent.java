package io.augflow.train.tune;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the trial log. Times are ISO-8601 instants ({@code 2026-12-03T19:44:22Z}) as the caller's clock gave
 * them; epochs count from 1, as people read them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TrialEvent.Started.class, name = "started"),
    @JsonSubTypes.Type(value = TrialEvent.Epoch.class, name = "epoch"),
    @JsonSubTypes.Type(value = TrialEvent.Finished.class, name = "finished"),
    @JsonSubTypes.Type(value = TrialEvent.Failed.class, name = "failed")
})
public sealed interface TrialEvent {
    /** The trial's number in the study, from 0. */
    int trial();

    /** A trial began (or, after a resume, began again from its checkpoint) with this configuration and seed. */
    record Started(int trial, long seed, Map<String, Object> config, String at) implements TrialEvent {
        public Started {
            config = Map.copyOf(config);
            Objects.requireNonNull(at, "at");
        }
    }

    /** The validation metric after one epoch. */
    record Epoch(int trial, int epoch, double metric, String at) implements TrialEvent {
        public Epoch {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The trial ended with its kept metric, after {@code seconds} of training: completed ({@code stop} null, and
     * absent from the line) or stopped early, {@code stop} saying why (a rung decision's reason, for the report).
     */
    record Finished(int trial, double metric, double seconds, String at,
            @JsonInclude(JsonInclude.Include.NON_NULL) String stop) implements TrialEvent {
        public Finished {
            Objects.requireNonNull(at, "at");
        }

        /** A trial that completed its training. */
        public Finished(int trial, double metric, double seconds, String at) {
            this(trial, metric, seconds, at, null);
        }
    }

    /** The trial failed; the study goes on without it. */
    record Failed(int trial, String reason, double seconds, String at) implements TrialEvent {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(at, "at");
        }
    }
}
