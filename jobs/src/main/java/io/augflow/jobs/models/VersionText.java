package io.augflow.jobs.models;

import io.augflow.train.registry.ModelVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How versions and their figures are written for people, shared by the subcommands. */
final class VersionText {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private VersionText() {}

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** {@code v0002}, or {@code none} for no version. */
    static String label(Integer version) {
        return version == null ? "none" : ModelVersion.label(version);
    }

    /** The first of {@code names} present in {@code metrics} (writers spell macro-F1 differently). */
    static Optional<Double> metric(Map<String, Double> metrics, String... names) {
        for (String name : names) {
            Double v = metrics.get(name);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
