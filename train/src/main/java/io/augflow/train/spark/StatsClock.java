package io.augflow.train.spark;

import org.apache.spark.SparkConf;

/**
 * The clock DL4J's training statistics ({@code train.collect-stats}) are timed with. DL4J's default asks an NTP
 * server ({@code 0.pool.ntp.org}) from every JVM, and training fails when none answers (clusters without internet
 * access, this project's machines). Only durations are used here, so each JVM's own clock is right: this sets DL4J's
 * {@value #PROPERTY} to its system-clock source on the driver and, through {@code spark.executor.extraJavaOptions},
 * on executors, unless it was set already.
 */
public final class StatsClock {
    /** DL4J's system property naming its time source class. */
    public static final String PROPERTY = "org.deeplearning4j.spark.time.TimeSource";
    static final String SYSTEM_CLOCK = "org.deeplearning4j.spark.time.SystemClockTimeSource";
    private static final String EXECUTOR_OPTIONS = "spark.executor.extraJavaOptions";

    private StatsClock() {}

    /** On the driver (this JVM). */
    public static void useSystemClockHere() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, SYSTEM_CLOCK);
        }
    }

    /** On the executors a session will start; {@code conf} is changed in place and returned. */
    public static SparkConf applyTo(SparkConf conf) {
        String existing = conf.get(EXECUTOR_OPTIONS, "").trim();
        if (!existing.contains(PROPERTY)) {
            String option = "-D" + PROPERTY + "=" + SYSTEM_CLOCK;
            conf.set(EXECUTOR_OPTIONS, existing.isEmpty() ? option : existing + " " + option);
        }
        return conf;
    }
}
