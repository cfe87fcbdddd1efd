package io.augflow.train.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One move of the champion pointer, as appended to {@code <root>/champion/}.
 *
 * @param sequence        the pointer file's number ({@code champion/000003.json}), from 1
 * @param version         the champion from this change on
 * @param previousVersion the champion before it; {@code null} for the first promotion
 * @param reason          why (free text)
 * @param at              when
 */
public record ChampionChange(
        @JsonProperty("sequence") int sequence,
        @JsonProperty("version") int version,
        @JsonProperty("previousVersion") Integer previousVersion,
        @JsonProperty("reason") String reason,
        @JsonProperty("at") Instant at) {}
