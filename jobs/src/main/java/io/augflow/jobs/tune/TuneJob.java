package io.augflow.jobs.tune;

import io.augflow.train.tune.SearchStrategy;
import io.augflow.train.tune.StudyState;
import io.augflow.train.tune.TrialConfig;
import io.augflow.train.tune.TrialEvent;
import io.augflow.train.tune.TrialRecord;
import io.augflow.train.tune.TrialSeeds;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver loop of a study: keeps {@code tune.parallel} trials training at once on one Spark session
 * ({@link TrialRun}: each in its own FAIR pool), starting the next as soon as one ends, until the study has its
 * {@code tune.trials} trials, the strategy proposes no more (a grid walked through), or the epoch budget is spent.
 *
 * <p>The study lives in its trial log ({@link #LOG_FILE}). A rerun replays it: finished and failed trials are not run
 * again, half-done ones (the study was killed while they trained) are restarted first, from their checkpoints with
 * their configuration and seed, and new trials are numbered after the last one, with the suggestions the strategy
 * makes from the finished trials (so a resumed study proposes what it would have proposed).
 */
public final class TuneJob {
    private static final Logger LOG = LoggerFactory.getLogger(TuneJob.class);
    /** The trial log in the study folder. */
    public static final String LOG_FILE = "trials.jsonl";
    /** The trials' training output folders, {@code trials/<n>}. */
    public static final String TRIALS_DIR = "trials";
    private static final long POLL_MILLIS = 500;

    private final SparkSession spark;
    private final TuneConf tune;
    private final SearchStrategy strategy;
    private final TrialTraining training;
    private final TrialMetric metric;
    private final Consumer<String> progress;
    private final Clock clock;

    public TuneJob(SparkSession spark, TuneConf tune, SearchStrategy strategy, TrialTraining training,
            TrialMetric metric, Consumer<String> progress, Clock clock) {
        this.spark = spark;
        this.tune = tune;
        this.strategy = strategy;
        this.training = training;
        this.metric = metric;
        this.progress = progress;
        this.clock = clock;
    }

    /** Runs (or resumes) the study in {@code studyDir} on {@code dataset}; returns its state at the end. */
    public StudyState run(String dataset, Path studyDir) {
        try (StudyRecorder recorder = StudyRecorder.open(studyDir.resolve(LOG_FILE), clock)) {
            TrialRun.Study study = new TrialRun.Study(spark, dataset, studyDir.resolve(TRIALS_DIR), recorder, training,
                    metric, tune);
            StudyState start = recorder.state();
            if (!start.trials().isEmpty()) {
                LOG.info("tune: resuming the study in {}: {} finished, {} failed, {} half-done", studyDir,
                        start.finished().size(), start.failed().size(), start.halfDone().size());
            }
            new Loop(study, new ArrayDeque<>(start.halfDone()), start.nextTrial()).run();
            return recorder.state();
        }
    }

    /** One run of the loop: the restarts to do, the next trial number, the trials running. */
    private final class Loop {
        private final TrialRun.Study study;
        private final Deque<TrialRecord> restarts;
        private int next;
        private boolean exhausted;
        private final Map<Integer, RunningTrial> running = new LinkedHashMap<>();

        private record RunningTrial(TrialRun run, int epochs) {}

        Loop(TrialRun.Study study, Deque<TrialRecord> restarts, int next) {
            this.study = study;
            this.restarts = restarts;
            this.next = next;
        }

        void run() {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(tune.parallel(), r -> {
                Thread t = new Thread(r, "augflow-trial-" + threads.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
            ExecutorCompletionService<Integer> ended = new ExecutorCompletionService<>(pool);
            try {
                while (true) {
                    while (running.size() < tune.parallel()) {
                        Optional<TrialRun> started = startNext();
                        if (started.isEmpty()) {
                            break;
                        }
                        ended.submit(started.get());
                    }
                    if (running.isEmpty()) {
                        return;
                    }
                    Future<Integer> done = ended.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    if (done != null) {
                        running.remove(done.get());
                        progress.accept(StudyProgress.line(study.recorder().state(), running.size(), tune.trials(),
                                metric.name()));
                    }
                    enforceTimeout();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the study was interrupted", e);
            } catch (ExecutionException e) {
                // a trial catches every Exception itself: only an Error gets here, and it ends the study
                throw new IllegalStateException("a trial's thread died: " + e.getCause(), e.getCause());
            } finally {
                running.values().forEach(r -> r.run().cancel(java.time.Duration.ZERO));
                pool.shutdownNow();
            }
        }

        /** Logs and returns the next trial to run: a half-done one first, else a new one if the study wants more. */
        private Optional<TrialRun> startNext() {
            if (!restarts.isEmpty()) {
                TrialRecord r = restarts.pop();
                study.recorder().append(new TrialEvent.Started(r.trial(), r.seed(), r.config().values(),
                        study.recorder().now()));
                return Optional.of(track(new TrialRun(study, r.trial(), r.config(), r.seed(), true), r.config()));
            }
            if (exhausted || next >= tune.trials() || budgetSpent()) {
                return Optional.empty();
            }
            Optional<TrialConfig> suggested = strategy.suggest(next, study.recorder().state().results());
            if (suggested.isEmpty()) {
                exhausted = true;
                LOG.info("tune: the {} strategy has no more configurations after {} trials", tune.strategy().key(),
                        next);
                return Optional.empty();
            }
            int trial = next++;
            long seed = TrialSeeds.of(tune.seed(), trial);
            study.recorder().append(new TrialEvent.Started(trial, seed, suggested.get().values(),
                    study.recorder().now()));
            return Optional.of(track(new TrialRun(study, trial, suggested.get(), seed, false), suggested.get()));
        }

        private TrialRun track(TrialRun run, TrialConfig config) {
            running.put(run.trial(), new RunningTrial(run, safeEpochs(config)));
            return run;
        }

        /** The trial's planned epochs; 0 when its configuration is invalid (it will fail at once). */
        private int safeEpochs(TrialConfig config) {
            try {
                return training.epochs(config);
            } catch (IllegalArgumentException | com.typesafe.config.ConfigException e) {
                return 0;
            }
        }

        /**
         * Whether {@code tune.epoch-budget} is used up: the epochs trained by every trial so far plus those the
         * running trials still plan (a trial stopped at a rung gives its remaining epochs back).
         */
        private boolean budgetSpent() {
            if (tune.epochBudget() == 0) {
                return false;
            }
            StudyState state = study.recorder().state();
            long epochs = 0;
            for (TrialRecord r : state.trials().values()) {
                epochs += r.epochMetrics().size();
            }
            for (Map.Entry<Integer, RunningTrial> e : running.entrySet()) {
                TrialRecord r = state.trials().get(e.getKey());
                epochs += Math.max(0, e.getValue().epochs() - r.epochMetrics().size());
            }
            return epochs >= tune.epochBudget();
        }

        private void enforceTimeout() {
            if (tune.trialTimeout().isZero()) {
                return;
            }
            for (RunningTrial r : running.values()) {
                if (!r.run().cancelled() && r.run().seconds() > tune.trialTimeout().toNanos() / 1e9) {
                    LOG.warn("tune: trial {} ran longer than {} s ({}.trial-timeout): cancelling it", r.run().trial(),
                            tune.trialTimeout().toSeconds(), TuneConf.PATH);
                    r.run().cancel(tune.trialTimeout());
                }
            }
        }
    }
}
