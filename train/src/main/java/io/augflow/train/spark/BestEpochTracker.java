package io.augflow.train.spark;

import io.augflow.pipeline.stats.ImageProfile;
import io.augflow.pipeline.stream.StreamTask;
import io.augflow.train.best.BestEpoch;
import io.augflow.train.best.BestEpochConf;
import io.augflow.train.best.BestEpochRule;
import io.augflow.train.best.SelectionMetric;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a training run's epochs on the driver and decides which one becomes {@code model.zip}: the best by the
 * validation metric ({@link BestEpochRule}), or the last when the run has no validation split. Also says when
 * early stopping ends the run. Its state is a function of the history alone, so a resumed run replays the history
 * saved with its checkpoint and knows the best epoch as the first run did.
 */
final class BestEpochTracker {
    private static final Logger LOG = LoggerFactory.getLogger(BestEpochTracker.class);
    /** What {@code model.json} records as the metric of a run without validation. */
    static final String NO_METRIC = "none";
    static final String NO_VALIDATION = "no validation split: the last epoch is kept";

    private final BestEpochRule rule;
    private final Optional<SelectionMetric> metric;
    private final boolean detector;
    private final String noValidation;
    private Optional<BestEpoch> best = Optional.empty();

    private BestEpochTracker(BestEpochRule rule, Optional<SelectionMetric> metric, boolean detector,
            String noValidation) {
        this.rule = rule;
        this.metric = metric;
        this.detector = detector;
        this.noValidation = noValidation;
    }

    /**
     * The tracker of a planned run: the metric resolved for its task; none when {@code train.evaluate-split} is
     * empty or names a split without rows (logged).
     *
     * @throws IllegalArgumentException for a metric of the other task, or early stopping without validation rows
     */
    static BestEpochTracker forRun(TrainingPlan plan) {
        TrainConf conf = plan.conf();
        BestEpochConf best = conf.bestEpoch();
        boolean detector = plan.head().isPresent();
        SelectionMetric metric = best.metric().resolve(detector, best.metricKey());
        String split = conf.evaluateSplit();
        if (split.isBlank()) {
            LOG.info("train: {} (augflow.train.evaluate-split is empty)", NO_VALIDATION);
            return new BestEpochTracker(best.rule(), Optional.empty(), detector, NO_VALIDATION);
        }
        ImageProfile profile = plan.profiles().getOrDefault(split, ImageProfile.EMPTY);
        long rows = plan.task() == StreamTask.CLASSIFY ? profile.images() - profile.backgroundImages()
                : profile.images();
        if (rows == 0) {
            if (best.earlyStopping()) {
                throw new IllegalArgumentException(best.patienceKey() + " = " + best.patience() + " asks for early"
                        + " stopping, which needs a validation split, but split '" + split + "' (augflow.train"
                        + ".evaluate-split) of the dataset " + plan.datasetPath() + " has no rows to evaluate: name"
                        + " another split, or set the patience to 0");
            }
            String why = NO_VALIDATION + " (split '" + split + "' has no rows)";
            LOG.warn("train: {}", why);
            return new BestEpochTracker(best.rule(), Optional.empty(), detector, why);
        }
        LOG.info("train: model.zip will be the epoch of the best validation {} on split '{}'{}", metric.key(), split,
                best.earlyStopping() ? "; early stopping after " + best.patience() + " epochs without a better one"
                        : "");
        return new BestEpochTracker(best.rule(), Optional.of(metric), detector, "");
    }

    /** Whether epochs are evaluated on a validation split at all. */
    boolean validates() {
        return metric.isPresent();
    }

    /** Takes in the earlier epochs of a resumed run, in order. */
    void replay(List<EpochRecord> history) {
        history.forEach(this::observe);
    }

    /** Takes in a finished epoch; one without the metric (not evaluated) changes nothing. */
    void observe(EpochRecord record) {
        value(record).ifPresent(v -> best = Optional.of(rule.next(best, record.epoch(), v)));
    }

    /** Why training stops now, when early stopping is on and its patience ran out; empty to go on. */
    Optional<String> stopReason() {
        if (best.isEmpty() || !rule.patienceRanOut(best.get())) {
            return Optional.empty();
        }
        BestEpoch b = best.get();
        return Optional.of(String.format(Locale.ROOT, "no better validation %s than %.4f (epoch %d) for %d epochs"
                + " (patience %d, min-delta %s)", metric.orElseThrow().key(), b.value(), b.epoch() + 1,
                b.epochsSinceBest(), rule.patience(), rule.minDelta()));
    }

    /** The best epoch so far; empty without validation or before any evaluated epoch. */
    Optional<BestEpoch> best() {
        return best;
    }

    /**
     * What {@code model.json} records about the kept epoch once training ended after {@code lastEpoch}.
     *
     * @param stopReason why training stopped before {@code train.epochs}, if it did
     * @param fallback why the last epoch is kept although validation found another best (its checkpoint could
     *                 not be read), if so
     */
    TrainResult.KeptEpoch kept(int lastEpoch, Optional<String> stopReason, Optional<String> fallback) {
        String reason = stopReason.orElse(null);
        if (metric.isEmpty()) {
            return new TrainResult.KeptEpoch(NO_METRIC, lastEpoch, null, lastEpoch, false, null, noValidation);
        }
        String key = metric.get().key();
        if (best.isEmpty()) {
            return new TrainResult.KeptEpoch(key, lastEpoch, null, lastEpoch, reason != null, reason,
                    "no epoch was evaluated on the validation split: the last epoch is kept");
        }
        BestEpoch b = best.get();
        if (fallback.isPresent()) {
            return new TrainResult.KeptEpoch(key, lastEpoch, null, lastEpoch, reason != null, reason,
                    fallback.get());
        }
        Double value = Double.isNaN(b.value()) ? null : b.value();
        return new TrainResult.KeptEpoch(key, b.epoch(), value, lastEpoch, reason != null, reason,
                "the best validation " + key);
    }

    private Optional<Double> value(EpochRecord record) {
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        SelectionMetric m = metric.get();
        if (detector) {
            return Optional.ofNullable(record.detection()).map(m::of);
        }
        return Optional.ofNullable(record.validation()).map(m::of);
    }
}
