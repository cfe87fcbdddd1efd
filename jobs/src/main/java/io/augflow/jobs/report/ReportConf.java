package io.augflow.jobs.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.typesafe.config.Config;
import io.augflow.augment.conf.ConfBlock;
import java.util.List;

/**
 * The {@code report} block: warning thresholds and page options. Every key is optional:
 *
 * <pre>
 * report {
 *   min-class-count     = 20     # warn for a class with fewer images than this (counted splits)
 *   max-quarantine-rate = 0.01   # warn when ingest quarantined more than this share of its input rows, [0, 1]
 *   log-scale           = false  # class histogram on a log axis (also: report --log-scale)
 *   samples             = 8      # dataset rows shown in the sample grid, [0, 64]
 * }
 * </pre>
 *
 * A warning fires strictly beyond its threshold: a class with exactly {@code min-class-count} images, or a
 * quarantine rate of exactly {@code max-quarantine-rate}, does not warn.
 */
public record ReportConf(
        @JsonProperty("minClassCount") long minClassCount,
        @JsonProperty("maxQuarantineRate") double maxQuarantineRate,
        @JsonProperty("logScale") boolean logScale,
        @JsonProperty("samples") int samples) {

    /** Key: a class with fewer images warns; default 20. */
    public static final String MIN_CLASS_COUNT = "min-class-count";
    /** Key: a larger quarantined share of ingest input warns; default 0.01. */
    public static final String MAX_QUARANTINE_RATE = "max-quarantine-rate";
    /** Key: log axis for the class histogram; default false. */
    public static final String LOG_SCALE = "log-scale";
    /** Key: rows in the sample grid; default 8. */
    public static final String SAMPLES = "samples";

    public static final long DEFAULT_MIN_CLASS_COUNT = 20;
    public static final double DEFAULT_MAX_QUARANTINE_RATE = 0.01;
    public static final int DEFAULT_SAMPLES = 8;
    public static final int MAX_SAMPLES = 64;
    private static final String BLOCK = ConfBlock.ROOT + ".report.";
    private static final List<String> KEYS = List.of(MIN_CLASS_COUNT, MAX_QUARANTINE_RATE, LOG_SCALE, SAMPLES);

    public ReportConf {
        if (minClassCount < 0) {
            throw new IllegalArgumentException(BLOCK + MIN_CLASS_COUNT + " must be an integer >= 0, got "
                    + minClassCount);
        }
        if (!(maxQuarantineRate >= 0 && maxQuarantineRate <= 1)) {
            throw new IllegalArgumentException(BLOCK + MAX_QUARANTINE_RATE + " must be in [0, 1], got "
                    + maxQuarantineRate);
        }
        if (samples < 0 || samples > MAX_SAMPLES) {
            throw new IllegalArgumentException(BLOCK + SAMPLES + " must be an integer in [0, " + MAX_SAMPLES
                    + "], got " + samples);
        }
    }

    public static ReportConf defaults() {
        return new ReportConf(DEFAULT_MIN_CLASS_COUNT, DEFAULT_MAX_QUARANTINE_RATE, false, DEFAULT_SAMPLES);
    }

    /** The same thresholds with the class histogram on a log axis. */
    public ReportConf withLogScale(boolean on) {
        return new ReportConf(minClassCount, maxQuarantineRate, on, samples);
    }

    /** Reads the {@code report} block (the block itself); absent keys take their defaults. */
    public static ReportConf from(Config report) {
        ConfBlock b = ConfBlock.under(report, "report");
        b.rejectUnknown(KEYS);
        return new ReportConf(b.longInteger(MIN_CLASS_COUNT, DEFAULT_MIN_CLASS_COUNT),
                b.number(MAX_QUARANTINE_RATE, DEFAULT_MAX_QUARANTINE_RATE), b.bool(LOG_SCALE, false),
                b.integer(SAMPLES, DEFAULT_SAMPLES));
    }
}
