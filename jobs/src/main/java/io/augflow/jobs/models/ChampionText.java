package io.augflow.jobs.models;

import io.augflow.train.registry.ChampionChange;

/** One champion change as a line: {@code champion: v0001 -> v0002 (pointer 000002)}. */
final class ChampionText {
    private ChampionText() {}

    static String describe(ChampionChange change) {
        return "champion: " + VersionText.label(change.previousVersion()) + " -> " + VersionText.label(change.version())
                + String.format(" (pointer %06d)", change.sequence());
    }
}
