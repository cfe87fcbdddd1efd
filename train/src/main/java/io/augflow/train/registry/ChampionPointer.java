package io.augflow.train.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A champion pointer file's content: the {@link ChampionChange} plus whether it was a promotion or a
 * rollback, which the pointer history needs to undo promotions in order.
 */
record ChampionPointer(
        @JsonProperty("sequence") int sequence,
        @JsonProperty("version") int version,
        @JsonProperty("previousVersion") Integer previousVersion,
        @JsonProperty("kind") Kind kind,
        @JsonProperty("reason") String reason,
        @JsonProperty("at") Instant at) {

    enum Kind { PROMOTE, ROLLBACK }

    ChampionPointer {
        if (sequence < 1 || version < 1 || kind == null || at == null) {
            throw new IllegalArgumentException("incomplete champion pointer: sequence " + sequence + ", version "
                    + version + ", kind " + kind + ", at " + at);
        }
        reason = reason == null ? "" : reason;
    }

    ChampionChange change() {
        return new ChampionChange(sequence, version, previousVersion, reason, at);
    }
}
