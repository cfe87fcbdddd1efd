package io.augflow.train.tune;

import java.util.List;
import java.util.Optional;

/**
 * Proposes the configuration of the next trial. A strategy keeps no state between calls: results are told by
 * passing every finished trial, so a resumed study (whose finished trials come from the trial log) asks exactly
 * the questions it asked before, and trial {@code n}'s randomness is keyed by the study seed and {@code n} alone.
 */
public interface SearchStrategy {

    /**
     * The configuration for trial {@code trial} (0-based, in the order trials were started), given the trials
     * finished so far (failed ones left out); empty when the strategy has nothing more to propose (a grid walked
     * through).
     */
    Optional<TrialConfig> suggest(int trial, List<TrialResult> finished);
}
