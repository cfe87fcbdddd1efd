package io.augflow.jobs.tune;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.augflow.jobs.FailureReport;
import io.augflow.train.spark.EpochRecord;
import io.augflow.train.spark.SparkTrainer;
import io.augflow.train.spark.TrainingConf;
import io.augflow.train.tune.AshaRule;
import io.augflow.train.tune.Goal;
import io.augflow.train.tune.TrialConfig;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One trial, run on a thread of the study's pool: an ordinary {@link SparkTrainer} run into {@code trials/<n>} with the
 * trial's configuration and seed, its Spark jobs in the FAIR pool {@code trial-<n>} and tagged {@code augflow-trial-<n>}
 * (so {@link #cancel} stops exactly its jobs). It ends by logging {@code Finished} with its best epoch's metric, or
 * {@code Failed} with the reason; a failure never escapes to the study. A restarted (half-done) trial resumes from its
 * last checkpoint.
 */
final class TrialRun implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrialRun.class);
    static final String POOL_PROPERTY = "spark.scheduler.pool";
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What every trial of a study shares. */
    record Study(SparkSession spark, String dataset, Path trialsDir, StudyRecorder recorder, TrialTraining training,
            TrialMetric metric, TuneConf tune) {}

    private final Study study;
    private final int trial;
    private final TrialConfig config;
    private final long seed;
    private final boolean resume;
    private final long startNanos = System.nanoTime();
    private volatile Thread thread;
    private volatile Duration timedOutAfter;

    TrialRun(Study study, int trial, TrialConfig config, long seed, boolean resume) {
        this.study = study;
        this.trial = trial;
        this.config = config;
        this.seed = seed;
        this.resume = resume;
    }

    int trial() {
        return trial;
    }

    /** Seconds since the trial was handed to the pool. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String pool(int trial) {
        return "trial-" + trial;
    }

    static String tag(int trial) {
        return "augflow-trial-" + trial;
    }

    static Path dir(Path trialsDir, int trial) {
        return trialsDir.resolve(String.valueOf(trial));
    }

    @Override
    public Integer call() {
        synchronized (this) {
            thread = Thread.currentThread();
        }
        SparkContext sc = study.spark().sparkContext();
        sc.setLocalProperty(POOL_PROPERTY, pool(trial));
        sc.addJobTag(tag(trial));
        try {
            TrainingConf conf = study.training().conf(config, seed);
            Optional<AshaRule> rungs = study.tune().halves() ? Optional.of(new AshaRule(
                    study.tune().halving().minEpochs(), study.tune().halving().reductionFactor(),
                    conf.train().epochs(), Goal.MAXIMIZE)) : Optional.empty();
            Path dir = dir(study.trialsDir(), trial);
            if (resume) {
                backfill(dir);
            }
            LOG.info("tune: trial {} {} with {} (seed {})", trial, resume ? "resumes" : "starts", config.values(),
                    seed);
            TrialListener listener = new TrialListener(trial, study.recorder(), study.metric(), rungs,
                    this::cancelled);
            new SparkTrainer(study.spark(), conf).train(study.dataset(), dir.toString(), resume, listener);
            if (cancelled()) {
                // cancelled while writing its outputs: it still ran longer than the study allows
                throw new IllegalStateException("trial " + trial + " was cancelled");
            }
            TrialRecord record = study.recorder().state().trials().get(trial);
            study.recorder().append(new TrialEvent.Finished(trial, TrialMetric.best(record.epochMetrics()),
                    seconds(), study.recorder().now(), listener.stopReason()));
        } catch (Exception e) {
            String reason = timedOutAfter != null
                    ? "timed out after " + timedOutAfter.toSeconds() + " s (" + TuneConf.PATH + ".trial-timeout) and"
                            + " was cancelled"
                    : FailureReport.of(e).message();
            LOG.warn("tune: trial {} failed: {}", trial, reason);
            LOG.debug("tune: trial {} failed", trial, e);
            study.recorder().append(new TrialEvent.Failed(trial, reason, seconds(), study.recorder().now()));
        } finally {
            sc.setLocalProperty(POOL_PROPERTY, null);
            sc.removeJobTag(tag(trial));
            synchronized (this) {
                thread = null;
                Thread.interrupted(); // a cancel's interrupt must not reach the pool's next trial
            }
        }
        return trial;
    }

    /** Whether {@link #cancel} was called. */
    boolean cancelled() {
        return timedOutAfter != null;
    }

    /**
     * Stops the trial at its limit: its Spark jobs are cancelled and its thread interrupted; it then logs Failed. Should
     * the interrupt be swallowed between two jobs, the trial's listener ends it at its next averaging round.
     */
    void cancel(Duration limit) {
        timedOutAfter = limit;
        study.spark().sparkContext().cancelJobsWithTag(tag(trial));
        // under the lock: once the trial has ended, its thread may already run the pool's next trial
        synchronized (this) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }

    /**
     * Logs the epochs a killed run trained but did not log (the study died between the checkpoint and the log
     * line), from the trial's {@code history.json}, so the resumed trial's next epoch follows its last one.
     */
    private void backfill(Path dir) throws IOException {
        Path history = dir.resolve(SparkTrainer.HISTORY_FILE);
        if (!Files.exists(history)) {
            return;
        }
        List<EpochRecord> epochs = JSON.readValue(history.toFile(), new TypeReference<List<EpochRecord>>() { });
        int logged = study.recorder().state().trials().get(trial).epochMetrics().size();
        for (EpochRecord r : epochs) {
            if (r.epoch() + 1 > logged) {
                study.recorder().append(new TrialEvent.Epoch(trial, r.epoch() + 1, study.metric().of(r),
                        study.recorder().now()));
                logged = r.epoch() + 1;
            }
        }
    }
}
